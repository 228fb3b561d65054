# frozen_string_literal: true
#
# Records how Ruby's json gem (through MultiJson's json_gem adapter, as Hutch
# uses it) reads, writes and inspects values, so the Swift tests can compare
# against real Ruby without needing Ruby in CI.
#
#   ruby ruby-fixtures/generate_json_fixtures.rb > \
#     Tests/HutchConventionsTests/JSON/Fixtures/ruby-json-fixtures.json
#
# Uses only Ruby's standard library json and multi_json. Deterministic: the
# random parts use a fixed seed.
require 'json'
require 'multi_json'
MultiJson.use(:json_gem)

RNG = Random.new(20_261_127)

# A value as a tree that keeps everything Ruby keeps: the Integer/Float
# distinction, float bits, string bytes, key order.
def tree(value)
  case value
  when nil then { 't' => 'nil' }
  when true, false then { 't' => 'bool', 'v' => value }
  when Integer then { 't' => 'int', 'v' => value.to_s }
  when Float then { 't' => 'float', 'bits' => [value].pack('G').unpack1('H*') }
  when String then { 't' => 'str', 'hex' => value.b.unpack1('H*') }
  when Array then { 't' => 'arr', 'v' => value.map { |e| tree(e) } }
  when Hash then { 't' => 'hash', 'v' => value.map { |k, v| [k.b.unpack1('H*'), tree(v)] } }
  else raise "unexpected #{value.class}"
  end
end

def untree(node)
  case node['t']
  when 'nil' then nil
  when 'bool' then node['v']
  when 'int' then Integer(node['v'])
  when 'float' then [node['bits']].pack('H*').unpack1('G')
  when 'str' then [node['hex']].pack('H*').force_encoding(Encoding::UTF_8)
  when 'arr' then node['v'].map { |e| untree(e) }
  when 'hash' then node['v'].to_h { |k, v| [[k].pack('H*').force_encoding(Encoding::UTF_8), untree(v)] }
  end
end

def outcome
  value = yield
  { 'ok' => true, 'value' => tree(value), 'class' => value.class.name, 'inspect' => value.inspect.b.unpack1('H*') }
rescue StandardError => e
  { 'ok' => false, 'error_class' => e.class.name, 'message' => e.message.b.unpack1('H*'),
    'cause_class' => e.cause&.class&.name }
end

def gen_outcome
  text = yield
  { 'ok' => true, 'hex' => text.b.unpack1('H*') }
rescue StandardError => e
  { 'ok' => false, 'error_class' => e.class.name, 'message' => e.message }
end

# ---------------------------------------------------------------- floats
floats = []
floats.concat([0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 1.5, 9.5, 100.0, 1e15, 1e16, 1e17,
               9_999_999_999_999_998.0, 1e-4, 1e-5, 0.0001, 0.00001, 0.001, 123_456_789_012_345.6,
               1_234_567_890_123_456.7, 9_007_199_254_740_993.0, 9_007_199_254_740_992.0,
               5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, Float::MAX, -Float::MAX,
               Float::MIN, Float::EPSILON, 4.35, 0.3, 1.1, 2.675, 1e21, 1e22, 1e23, 5e-7, 1.5e-7,
               100_000_000_000_000.0, 999_999_999_999_999.9, 1e100, 1.7976931348623157e308, 4.9e-324,
               123e18, 0.5, 0.25, 0.125, 3.14159, 2.718281828459045, 6.02214076e23, 1.602176634e-19])
(-30..30).each { |e| floats << "1e#{e}".to_f << "-1e#{e}".to_f << "1.5e#{e}".to_f << "9.99e#{e}".to_f }
(-330..310).step(7) { |e| floats << "1.2345678901234567e#{e}".to_f << "7e#{e}".to_f }
1500.times do
  bits = RNG.bytes(8).unpack1('Q>')
  f = [bits].pack('Q>').unpack1('G')
  floats << f if f.finite?
end
600.times do
  digits = RNG.rand(1..17)
  mant = RNG.rand(10**digits)
  exp = RNG.rand(-25..25)
  floats << "#{mant}e#{exp}".to_f
end
300.times { floats << RNG.rand(1 << 52) * 2.0**RNG.rand(-1074..-1000) } # subnormals
200.times { floats << RNG.rand * 10**RNG.rand(-6..18) }
# around Ruby's switch between plain and scientific notation (16 and 17 digits, 1e15..1e17)
300.times { floats << (RNG.rand(10**14...10**17) + [0.0, 0.5, 0.25, RNG.rand].sample) }
200.times { floats << "#{RNG.rand(10**(RNG.rand(1..17)))}e#{RNG.rand(-20..2)}".to_f * 10**RNG.rand(0..17) }
(1..17).each { |n| floats << ('9' * n).to_f << ('1' * n).to_f << "#{'1' * n}.5".to_f << "0.#{'3' * n}".to_f }
floats = floats.uniq { |f| [f].pack('G') }
float_cases = floats.map { |f| { 'bits' => [f].pack('G').unpack1('H*'), 'to_s' => f.to_s } }

# ---------------------------------------------------------------- parse texts
parse_texts = []
add = ->(name, text) { parse_texts << [name, text.b] }
%w[0 -0 1 -1 01 -01 00 - -a +1 1. .5 -.5 1.0 -0.0 0.0 1e5 1E5 1e+5 1e-5 1E+05 1e 1e+ 1e- 1.e5 1.5e 0e0 -0e-0
   0.5e10 1e400 -1e400 1e-400 1.5E308 2e308 12345678901234567890 -12345678901234567890 9223372036854775807
   9223372036854775808 -9223372036854775808 -9223372036854775809 18446744073709551616 1.7976931348623157e308
   4.9e-324 2.4e-324 2.5e-324 0.1 100000000000000000000000000000.0 1_000 0x10 1e1.5 --1 1-2 1.2.3
   NaN -NaN Infinity -Infinity +Infinity nan infinity null true false nul tru fals True NULL truex nullnull
   [] {} [1] [1,] [,1] [1,,2] {"a":1,} {,} {"a"} {"a":} {"a"1} {1:2} {'a':1} ['a'] [1\ 2] [1 2]
   "" "a" "\\x" "\\/" "\\'" "\\u0041" "\\u00e9" "\\u12" "\\uZZZZ" "\\u00zz" "\\ud83d\\ude00" "\\ud83d" "\\ude00"
   "\\ud83d\\u0041" "\\ud83dx" "\\ud83d\\ud83d" "\\uDBFF\\uDFFF" "\\u0000" "\\u001f" "\\u007f" "\\u2028"
   "\\" "\\\\" "\\"" "\\b\\f\\n\\r\\t" "\\a" "\\v" "\\0" "\\e" "\\U0041" "unterminated
   [1]x {}{} [][] 1 2].each { |t| add.call("lit:#{t}", t) }
# the json gem's surrogate handling, quirks included
['"\\ud83dabcdef"', '"\\ud83dabcde"', '"\\ud83d\\nabcd"', '"\\ud83d\\u00"', '"\\ud83d\\u0041x"', '"\\udbff\\udfff"',
 '"\\ud800\\udc00"', '"\\ud83d\\\\abcde"', '"a\\ud83d"', '"\\ud83d12345"', '"\\ud83d123456"', '"\\ud800\\u0000"',
 '"\\uDFFF"', '"\\ud83d\\u12345"', '"\\u00e9\\ud83d\\ude00"', "\"\\ud83d\u00e912345\"", '"\\ud83d\\"abcde"',
 '"\\ud83d\\ude00\\ud83d"', '"x\\udc00y"', '{"\\ud83d\\ude00":1}', '"\\uD83D\\uDE00"']
  .each_with_index { |t, i| add.call("surrogate:#{i}", t) }
# big integers of any size
[1, 2, 18, 19, 20, 38, 39, 40, 100, 400].each do |n|
  s = (1..n).map { |i| ((i * 7) % 10).to_s }.join.sub(/\A0+/, '1')
  add.call("bigint:#{n}", s)
  add.call("bigint:-#{n}", "-#{s}")
end
add.call('bigfloat:long-mantissa', '0.' + '1234567890' * 8)
add.call('bigfloat:long-int-part', '1234567890' * 5 + '.5')
40.times do |i|
  m = (1..RNG.rand(15..30)).map { RNG.rand(10).to_s }.join
  add.call("float:random-long-#{i}", "#{m[0]}.#{m[1..]}e#{RNG.rand(-320..300)}")
end
floats.first(300).each_with_index { |f, i| add.call("float:to_s-#{i}", f.to_s) if f.finite? }
# whitespace variants
{ 'sp' => ' ', 'tab' => "\t", 'lf' => "\n", 'cr' => "\r", 'ff' => "\f", 'vt' => "\v", 'nul' => "\0",
  'nbsp' => "\u00a0", 'bom' => "\uFEFF", 'u2028' => "\u2028" }.each do |n, w|
  add.call("ws:#{n}-before", "#{w}1")
  add.call("ws:#{n}-after", "1#{w}")
  add.call("ws:#{n}-inside-array", "[1,#{w}2]")
  add.call("ws:#{n}-only", w)
end
add.call('ws:empty', '')
add.call('ws:blank-mixed', " \t\r\n\f\v")
add.call('bom:object', "\xEF\xBB\xBF{}")
# comments in every position
c_block = '/* c */'
c_line = "// c\n"
["#{c_block}1", "1#{c_block}", "[#{c_block}1]", "[1#{c_block}]", "[1,#{c_block}2]", "[1#{c_block},2]",
 "{#{c_block}\"a\":1}", "{\"a\"#{c_block}:1}", "{\"a\":#{c_block}1}", "{\"a\":1#{c_block}}",
 "{\"a\":1,#{c_block}\"b\":2}", "#{c_line}1", "1#{c_line}", "1// c", "[1#{c_line}]", "{\"a\"#{c_line}:1}",
 "/* unterminated", "1 /* unterminated", "1 /", "1 /x", "/**/1", "/***/1", "/* a */ /* b */ 1", "/* * / */1",
 "/* /* nested */ */1", "[1/* c */,2]", "//\n1", "1 //", "# c\n1", "1 # c", "-/**/1", "\"a/* c */b\"",
 "{\"a\":1/**/,/**/\"b\":2}", "1/**/", "1//\r", "1//\r\n", "[/**/]", "{/**/}", "//c\r1", "/*\n*/1"]
  .each_with_index { |t, i| add.call("comment:#{i}", t) }
# raw control characters and DEL inside strings
(0..0x1f).each { |c| add.call(format('raw-ctrl:%02x', c), "\"a#{c.chr}b\"") }
add.call('raw:del', "\"a\x7Fb\"")
(0..0x1f).each { |c| add.call(format('escaped-ctrl:%02x', c), "\"\\u#{format('%04x', c)}\"") }
(0..0x1f).each { |c| add.call(format('backslash-raw-ctrl:%02x', c), "\"\\#{c.chr}\"") }
%w[a b c d e f g n r t u v x y z 0 1 / ' # %].each { |c| add.call("escape:#{c}", "\"\\#{c}\"") }
add.call('escape:del', "\"\\\x7F\"")
add.call('escape:utf8', "\"\\\u00e9\"")
add.call('escape:invalid-byte', "\"\\\xFF\"")
# raw UTF-8 valid and invalid
{ 'emoji' => "\"\u{1F600}\"", 'combining' => "\"e\u0301\"", 'u2028' => "\"\u2028\u2029\"", 'nbsp' => "\"\u00a0\"",
  'ff' => "\"\xFF\"", 'fe-ff' => "\"bad \xFF\xFE bytes\"", 'lone-cont' => "\"\x80\"", 'truncated-2' => "\"\xC3\"",
  'truncated-3' => "\"\xE2\x82\"", 'truncated-4' => "\"\xF0\x9F\x98\"", 'overlong-slash' => "\"\xC0\xAF\"",
  'overlong-3' => "\"\xE0\x80\xAF\"", 'surrogate-raw' => "\"\xED\xA0\x80\"", 'above-max' => "\"\xF4\x90\x80\x80\"",
  'f5' => "\"\xF5\x80\x80\x80\"", 'c1' => "\"\xC1\xBF\"", 'mixed' => "\"a\xFFb\u00e9\xC3\"",
  'key-invalid' => "{\"k\xFF\":1}", 'outside-ff' => "\xFF", 'outside-after' => "1\xFF", 'outside-array' => "[1,\xFF]",
  'outside-emoji' => "\u{1F600}", 'latin1-e9' => "\"\xE9\"", 'bad-after-escape' => "\"\\n\xFF\"" }
  .each { |n, t| add.call("utf8:#{n}", t) }
# duplicate keys, nesting
add.call('dup:simple', '{"a":1,"b":2,"a":3}')
add.call('dup:nested', '{"a":{"x":1},"a":{"y":2}}')
add.call('dup:many', '{' + (0..40).map { |i| "\"k#{i % 7}\":#{i}" }.join(',') + '}')
add.call('obj:many-keys', '{' + (0..300).map { |i| "\"key#{i}\":#{i}" }.join(',') + '}')
[99, 100, 101, 102].each do |d|
  add.call("nest:array-#{d}", '[' * d + ']' * d)
  add.call("nest:object-#{d}", '{"a":' * d + '1' + '}' * d)
  add.call("nest:mixed-#{d}", (0...d).map { |i| i.even? ? '[' : '{"k":' }.join + '0' +
    (0...d).to_a.reverse.map { |i| i.even? ? ']' : '}' }.join)
end
add.call('nest:unbalanced', '[[1]')
add.call('nest:extra-close', '[1]]')
add.call('obj:realistic', '{"id":1,"total":9.5,"tags":["a","b"],"meta":{"n":null,"t":true,"f":false},"s":"x\"y\\z"}')
add.call('obj:spaces', " { \"a\" : [ 1 , 2.5 , \"x\" ] , \"b\" : { } } ")

parse_cases = parse_texts.map do |name, text|
  {
    'name' => name,
    'input' => text.unpack1('H*'),
    'json_parse' => outcome { JSON.parse(text.dup.force_encoding(Encoding::UTF_8)) },
    'multi_json_load' => outcome { MultiJson.load(text.dup.force_encoding(Encoding::BINARY)) }
  }
end

# ---------------------------------------------------------------- generate
gen_values = []
addg = ->(name, value) { gen_values << [name, value] }
(0..0x7f).each { |c| addg.call(format('str:char-%02x', c), "a#{c.chr}b") }
addg.call('str:all-controls', (0..0x1f).map(&:chr).join)
["\u00e9", "\u00a0", "\u2028", "\u2029", "\u{1F600}", "e\u0301", "\uFEFF", "\uFFFD", "\u{10FFFF}", '</script>',
 'a/b<c>d&e', '"quoted" \\back\\', '', "\u0085", "\u200B", "日本語"].each_with_index { |s, i| addg.call("str:special-#{i}", s) }
addg.call('str:invalid-ff', "a\xFFb".dup.force_encoding(Encoding::UTF_8))
addg.call('str:invalid-truncated', "a\xE2\x82".dup.force_encoding(Encoding::UTF_8))
addg.call('str:invalid-surrogate', "\xED\xA0\x80".dup.force_encoding(Encoding::UTF_8))
addg.call('str:invalid-overlong', "\xC0\xAF".dup.force_encoding(Encoding::UTF_8))
floats.first(200).each_with_index { |f, i| addg.call("float:#{i}", [f]) }
[Float::NAN, Float::INFINITY, -Float::INFINITY].each_with_index { |f, i| addg.call("float:special-#{i}", f) }
addg.call('float:nan-in-hash', { 'a' => Float::NAN })
[0, -1, 2**63, -(2**63) - 1, 2**64, 10**40, -(10**100)].each_with_index { |n, i| addg.call("int:#{i}", n) }
[99, 100, 101].each do |d|
  v = 1
  d.times { v = [v] }
  addg.call("nest:array-#{d}", v)
  h = 1
  d.times { h = { 'a' => h } }
  addg.call("nest:hash-#{d}", h)
end
addg.call('hash:order', { 'z' => 1, 'a' => [nil, true, false], 'm' => { 'x' => 1.5 } })
addg.call('hash:empty', {})
addg.call('arr:empty', [])
addg.call('scalar:nil', nil)
addg.call('scalar:true', true)

generate_cases = gen_values.map do |name, value|
  {
    'name' => name,
    'value' => tree(value),
    'json_generate' => gen_outcome { JSON.generate(value) },
    'multi_json_dump' => gen_outcome { MultiJson.dump(value) }
  }
end

# ---------------------------------------------------------------- inspect
inspect_values = []
addi = ->(name, value) { inspect_values << [name, value] }
(0..0x7f).each { |c| addi.call(format('char-%02x', c), "#{c.chr}") }
[0x80, 0x85, 0x9f, 0xa0, 0xad, 0xe9, 0x300, 0x301, 0x378, 0x61c, 0x200b, 0x200d, 0x200e, 0x2028, 0x2029,
 0x202e, 0x2060, 0x3000, 0xd7ff, 0xe000, 0xf8ff, 0xfeff, 0xfff9, 0xfffd, 0xfffe, 0xffff, 0x1f600, 0x1f1e6,
 0xe0001, 0xe0100, 0xf0000, 0x10fffd, 0x10ffff, 0x1d173, 0x13430, 0x110bd, 0x30000, 0x2fa1d]
  .each { |c| addi.call(format('cp-%04x', c), [c].pack('U')) }
['#{x}', '#$x', '#@x', '#x', '#', '##{', "a\#{", '\\', '"', "\e[0m", "\a\b\t\n\v\f\r", 'bad \xFF'].each_with_index do |s, i|
  addi.call("str-special-#{i}", s)
end
{ 'ff' => "\xFF", 'fe-ff' => "bad \xFF\xFE bytes", 'trunc3' => "\xE2\x82", 'trunc3-then-a' => "\xE2\x82a",
  'surrogate' => "\xED\xA0\x80", 'overlong' => "\xC0\xAF", 'above-max' => "\xF4\x90\x80\x80", 'c1' => "\x80\x9f",
  'mixed' => "a\xFFb\u00e9\xC3", 'invalid-then-hash' => "\xFF\#{" }
  .each { |n, s| addi.call("bytes-#{n}", s.dup.force_encoding(Encoding::UTF_8)) }
400.times do |i|
  addi.call("random-bytes-#{i}", RNG.bytes(RNG.rand(1..10)).force_encoding(Encoding::UTF_8))
end
300.times do |i|
  cps = (1..RNG.rand(1..6)).map do
    c = RNG.rand(0x110000)
    c = RNG.rand(0x800) if RNG.rand < 0.5
    (0xD800..0xDFFF).cover?(c) ? 0x41 : c
  end
  addi.call("random-cps-#{i}", cps.pack('U*'))
end
floats.first(100).each_with_index { |f, i| addi.call("float-#{i}", f) }
addi.call('float-nan', Float::NAN)
addi.call('float-inf', Float::INFINITY)
addi.call('float-neginf', -Float::INFINITY)
addi.call('hash-brief', { 's' => "bad \xFF\xFE bytes".dup.force_encoding(Encoding::UTF_8), 'n' => 1.5, 'a' => [1, nil, true] })
addi.call('hash-empty', {})
addi.call('arr-empty', [])
addi.call('nested', { 'a' => { 'b' => [[], {}, -0.0, 10**30, false] }, 'c' => 'x' })
addi.call('nil', nil)
addi.call('true', true)
addi.call('int-big', -(10**50))
inspect_cases = inspect_values.map do |name, value|
  { 'name' => name, 'value' => tree(value), 'inspect' => value.inspect.b.unpack1('H*') }
end

# Code points for which String#inspect writes the character itself (Onigmo's
# printable test for UTF-8; `"` and `\` count as printable here, they get a
# backslash), as ranges. With --swift-table the script prints them as the Swift
# source of RubyPrintableScalars.swift instead of the fixture file.
printable = []
start = nil
(0..0x110000).each do |c|
  pr = c < 0x110000 && !(0xD800..0xDFFF).cover?(c) &&
       ([0x22, 0x5C].include?(c) || (s = [c].pack('U')).inspect == "\"#{s}\"")
  if pr && start.nil?
    start = c
  elsif !pr && start
    printable << [start, c - 1]
    start = nil
  end
end

if ARGV.first == '--swift-table'
  puts '// Generated by ruby-fixtures/generate_json_fixtures.rb --swift-table'
  puts "// (#{RUBY_DESCRIPTION}). Do not edit."
  puts
  puts '/// The Unicode scalars that Ruby 3.1\'s `String#inspect` writes as themselves in a'
  puts '/// UTF-8 string (Onigmo\'s printable class), as sorted inclusive ranges: flat'
  puts '/// `[first, last, first, last, …]`. Everything else that is not given a named escape'
  puts '/// is written `\\uXXXX` or `\\u{XXXXX}`.'
  puts 'enum RubyPrintableScalars {'
  puts '    static let ranges: [UInt32] = ['
  printable.each_slice(4) { |slice| puts '        ' + slice.map { |a, b| format('0x%X, 0x%X,', a, b) }.join(' ') }
  puts '    ]'
  puts
  puts '    /// Whether `String#inspect` keeps the scalar `value` as it is.'
  puts '    static func contains(_ value: UInt32) -> Bool {'
  puts '        if value >= 0x20, value < 0x7F { return true }'
  puts '        var low = 0'
  puts '        var high = ranges.count / 2'
  puts '        while low < high {'
  puts '            let middle = (low + high) / 2'
  puts '            if ranges[middle * 2 + 1] < value {'
  puts '                low = middle + 1'
  puts '            } else {'
  puts '                high = middle'
  puts '            }'
  puts '        }'
  puts '        return low < ranges.count / 2 && ranges[low * 2] <= value'
  puts '    }'
  puts '}'
  exit
end

# One entry a line, so diffs of the fixture stay readable.
line = ->(v) { JSON.generate(v, max_nesting: false) }
sections = {
  'floats' => float_cases, 'parse' => parse_cases, 'generate' => generate_cases,
  'inspect' => inspect_cases, 'printable_ranges' => printable
}
puts '{'
puts "  \"generated_by\": #{line.call("ruby #{RUBY_VERSION}, json #{JSON::VERSION}, multi_json #{MultiJson::VERSION} (json_gem)")},"
sections.each_with_index do |(key, entries), index|
  puts "  #{line.call(key)}: ["
  entries.each_with_index { |e, i| puts "    #{line.call(e)}#{i + 1 < entries.size ? ',' : ''}" }
  puts "  ]#{index + 1 < sections.size ? ',' : ''}"
end
puts '}'
