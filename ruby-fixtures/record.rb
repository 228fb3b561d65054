#!/usr/bin/env ruby
# frozen_string_literal: true
#
# record.rb — records conformance cases from the real Hutch / hutch-schedule
# gems against a real RabbitMQ, in the `hutch-conformance/1` format.
#
#   ruby record.rb --cases ../Conformance/cases --out recorded/my-run \
#                  --url amqp://guest:guest@127.0.0.1:5682/ \
#                  [--vhost hutch-recorder] [--ctl "scripts/broker.sh ctl"] \
#                  [--only KIND | KIND/ID | GLOB]... [--name NAME] \
#                  [--json-adapter json_gem] [--timeout 60] [--deterministic]
#
# Each case runs in its own Ruby process (Hutch keeps global state and
# `require 'hutch-schedule'` patches Hutch), with the client connected to a
# loopback recording proxy in front of the broker. The broker side uses a
# dedicated vhost: with --ctl the recorder (re)creates it and grants the URL's
# user access, and sets the `broker_policies` some cases ask for; without
# --ctl the vhost must already exist and cases that need policies are skipped.
# After each case the queues and exchanges it declared are deleted.
#
# Exit status: 0 when every selected case was recorded or skipped with a
# reason, 1 when a case failed, 2 on a usage error. See README.md.
require 'optparse'
require 'json'
require 'open3'
require 'shellwords'
require 'rbconfig'
require 'timeout'
require_relative 'lib/hutch_recorder/cases'
require_relative 'lib/hutch_recorder/broker_probe'
require_relative 'lib/hutch_recorder/deterministic'

module HutchRecorder
  class RecordCLI
    DEFAULTS = {
      cases: File.expand_path('../Conformance/cases', __dir__),
      url: 'amqp://guest:guest@127.0.0.1:5672/',
      vhost: 'hutch-recorder',
      only: [],
      json_adapter: 'json_gem',
      timeout: 60
    }.freeze

    def initialize(argv)
      @opts = DEFAULTS.dup
      @opts[:only] = []
      parser.parse!(argv)
    rescue OptionParser::ParseError => e
      warn e.message
      warn parser
      exit 2
    end

    def parser
      @parser ||= OptionParser.new do |o|
        o.banner = 'usage: ruby record.rb --out DIR [--cases PATH] [--url URL] [options]'
        o.on('--cases PATH', 'case inputs: a file or a folder of *.json (default ../Conformance/cases)') { |v| @opts[:cases] = v }
        o.on('--out DIR', 'where recorded cases are written (DIR/KIND/NAME.json + corpus.json)') { |v| @opts[:out] = v }
        o.on('--url URL', 'the broker, amqp://user:pass@host:port/ (its vhost is ignored; see --vhost)') { |v| @opts[:url] = v }
        o.on('--vhost NAME', 'dedicated vhost to record in (default hutch-recorder)') { |v| @opts[:vhost] = v }
        o.on('--ctl CMD', 'rabbitmqctl command line, e.g. "scripts/broker.sh ctl": (re)create the vhost, set policies') { |v| @opts[:ctl] = v }
        o.on('--only PATTERN', 'KIND, KIND/ID or a glob; repeat or separate with commas') { |v| @opts[:only].concat(v.split(',')) }
        o.on('--name NAME', 'corpus name in corpus.json (default hutch-<version>)') { |v| @opts[:name] = v }
        o.on('--json-adapter NAME', 'MultiJson adapter (default json_gem; "" = MultiJson\'s own choice)') { |v| @opts[:json_adapter] = v }
        o.on('--timeout SECONDS', Integer, 'per case (default 60)') { |v| @opts[:timeout] = v }
        o.on('--no-manifest', 'do not write corpus.json') { @opts[:no_manifest] = true }
        o.on('--deterministic', 'frozen clock, message ids from the case id, x-death times normalised: re-recording gives the same bytes') { @opts[:deterministic] = true }
        o.on('--child', 'internal: record one case given on stdin') { @opts[:child] = true }
      end
    end

    def run
      return run_child if @opts[:child]
      abort_usage('--out DIR is required') unless @opts[:out]
      cases = Cases.select(Cases.load(@opts[:cases]), @opts[:only])
      abort_usage("no case matches #{@opts[:only].join(', ')}") if cases.empty?
      url = BrokerProbe.parse_url(@opts[:url])
      rabbitmq = BrokerProbe.rabbitmq_version(url.host, url.port)
      abort "broker not reachable at #{url.host}:#{url.port}" unless rabbitmq
      prepare_vhost(url)
      results = { recorded: [], skipped: {}, failed: {} }
      recorded_with = nil
      cases.each do |kase|
        status, detail, rw = record_one(kase, url, rabbitmq)
        case status
        when 'recorded'
          results[:recorded] << kase.id
          recorded_with ||= rw
          puts "recorded  #{kase.id}"
        when 'skipped'
          results[:skipped][kase.id] = detail
          puts "skipped   #{kase.id}: #{detail}"
        else
          results[:failed][kase.id] = detail
          puts "FAILED    #{kase.id}: #{detail}"
        end
        $stdout.flush
      end
      write_manifest(recorded_with, results, url) unless @opts[:no_manifest] || recorded_with.nil?
      puts "#{results[:recorded].size} recorded, #{results[:skipped].size} skipped, #{results[:failed].size} failed"
      exit(results[:failed].empty? ? 0 : 1)
    end

    private

    def abort_usage(msg)
      warn msg
      warn parser
      exit 2
    end

    def ctl(*args, allow_fail: false)
      cmd = Shellwords.split(@opts[:ctl]) + args.map(&:to_s)
      out, status = Open3.capture2e(*cmd)
      raise "#{cmd.join(' ')} failed: #{out.strip}" unless status.success? || allow_fail
      status.success?
    end

    def prepare_vhost(url)
      return unless @opts[:ctl]
      ctl('delete_vhost', @opts[:vhost], allow_fail: true)
      ctl('add_vhost', @opts[:vhost])
      ctl('set_permissions', '-p', @opts[:vhost], url.username, '.*', '.*', '.*')
    end

    def policies_for(kase)
      kase.input['broker_policies'] || kase.input.dig('chain', 'broker_policies') || []
    end

    def record_one(kase, url, rabbitmq)
      policies = kase.kind == 'consume' || kase.kind == 'topology' ? policies_for(kase) : []
      if !policies.empty? && !@opts[:ctl]
        return ['skipped', 'needs broker policies: give --ctl so that record.rb can set them']
      end
      policies.each do |p|
        ctl('set_policy', '-p', @opts[:vhost], '--apply-to', p['apply_to'] || 'all', p['name'], p['pattern'], JSON.generate(p['definition']))
      end
      request = {
        'case' => kase.to_h,
        'out' => File.expand_path(@opts[:out]),
        'harness' => { 'host' => url.host, 'port' => url.port, 'username' => url.username,
                       'password' => url.password, 'vhost' => @opts[:vhost] },
        'rabbitmq' => rabbitmq,
        'json_adapter' => @opts[:json_adapter],
        'deterministic' => @opts[:deterministic] ? true : false
      }
      run_child_process(request)
    ensure
      (policies || []).each { |p| ctl('clear_policy', '-p', @opts[:vhost], p['name'], allow_fail: true) } if @opts[:ctl]
    end

    def run_child_process(request)
      env = { 'RUBYLIB' => $LOAD_PATH.join(File::PATH_SEPARATOR) }
      cmd = [RbConfig.ruby, __FILE__, '--child']
      Open3.popen3(env, *cmd) do |stdin, stdout, stderr, wait|
        stdin.write(JSON.generate(request))
        stdin.close
        err_reader = Thread.new { stderr.read }
        out = nil
        begin
          Timeout.timeout(@opts[:timeout]) { out = stdout.read }
        rescue Timeout::Error
          Process.kill('KILL', wait.pid)
          wait.join
          return ['failed', "timed out after #{@opts[:timeout]}s"]
        end
        wait.join
        err = err_reader.value
        line = out.to_s.lines.reverse.find { |l| l.start_with?('{"status"') }
        return ['failed', "child exited #{wait.value.exitstatus}: #{err.lines.last(5).join.strip}"] unless line
        r = JSON.parse(line)
        [r['status'], r['detail'], r['recorded_with']]
      end
    end

    def write_manifest(recorded_with, results, url)
      name = @opts[:name] || "hutch-#{recorded_with['hutch']}"
      harness = {
        'broker' => "RabbitMQ #{recorded_with['rabbitmq']} on #{url.host}, dedicated vhost '#{@opts[:vhost]}', user #{url.username}",
        'connection_settings_not_listed_in_input_config' => {
          'mq_host' => '127.0.0.1', 'mq_port' => 'the recording proxy (a free loopback port)',
          'mq_vhost' => @opts[:vhost], 'enable_http_api_use' => false
        },
        'json_adapter' => @opts[:json_adapter].to_s.empty? ? "MultiJson's automatic choice" : "MultiJson.use(:#{@opts[:json_adapter]})",
        'recorder' => 'ruby-fixtures/record.rb: the real gems through a loopback TCP proxy that records every frame; one process per case'
      }
      if @opts[:deterministic]
        harness['deterministic'] = "record.rb --deterministic: Ruby's clock frozen at #{Deterministic::EPOCH} (recorded_at, timestamps), " \
                                   'SecureRandom.uuid a sequence derived from the case id (message ids, consumer tags), ' \
                                   "x-death times set to #{Deterministic::EPOCH}"
      end
      CaseWriter.write_manifest(File.expand_path(@opts[:out]), name: name, recorded_with: recorded_with,
                                                               harness: harness, skipped: results[:skipped])
    end

    # ------------------------------------------------------------ child

    def run_child
      $stdout.sync = true
      req = JSON.parse($stdin.read)
      require_relative 'lib/hutch_recorder/drivers'
      kase = Cases.from_hash(req.fetch('case'), 'stdin')
      Deterministic.install!(kase.id) if req['deterministic']
      h = req.fetch('harness')
      harness = Driver::Harness.new(host: h['host'], port: h['port'], username: h['username'],
                                    password: h['password'], vhost: h['vhost'])
      driver = Driver.new(kase, harness: harness, rabbitmq: req['rabbitmq'], json_adapter: req['json_adapter'])
      doc = driver.run
      Deterministic.normalise!(doc['expected']) if req['deterministic']
      CaseWriter.write(req.fetch('out'), doc)
      report('recorded', nil, doc['recorded_with'])
    rescue Skip, GemMissing => e
      report('skipped', e.message)
    rescue StandardError, ScriptError => e
      warn e.full_message(highlight: false)
      report('failed', "#{e.class}: #{e.message}")
    end

    def report(status, detail, recorded_with = nil)
      $stdout.puts(JSON.generate('status' => status, 'detail' => detail, 'recorded_with' => recorded_with))
      $stdout.flush
      # Hutch / bunny may leave non-daemon threads behind: do not wait for them.
      exit!(0)
    end
  end
end

HutchRecorder::RecordCLI.new(ARGV).run if $PROGRAM_NAME == __FILE__
