# frozen_string_literal: true
#
# Capturing and recording the example shop's contract: shared by
# contract.rb, mutate.rb and ruby-fixtures/test/test_shop_contract.rb.
# The gems come from the load path of the calling process (`ruby -I ...`) or
# from bundler; both are handed on to the processes started here.
require 'open3'
require 'rbconfig'
require 'fileutils'

module ShopContract
  SHOP = File.expand_path('..', __dir__)
  ROOT = File.expand_path('../..', SHOP)
  FIXTURES_LIB = File.join(ROOT, 'ruby-fixtures', 'lib')
  RECORD_RB = File.join(ROOT, 'ruby-fixtures', 'record.rb')

  module Tools
    module_function

    def child_env(extra = {})
      { 'RUBYLIB' => ([FIXTURES_LIB] + $LOAD_PATH).uniq.join(File::PATH_SEPARATOR) }.merge(extra)
    end

    # Runs the Ruby app's minitest suite (APP/test/*_test.rb) with the capture
    # helper writing case inputs to `out`. => [output, Process::Status]
    def capture(app_dir, out)
      FileUtils.mkdir_p(out)
      tests = Dir[File.join(app_dir, 'test', '*_test.rb')].sort
      script = tests.map { |t| "require #{t.dump}" }.join(';')
      Open3.capture2e(child_env('HUTCH_CONTRACT_OUT' => File.expand_path(out)), RbConfig.ruby, '-e', script)
    end

    # record.rb --deterministic from `cases` into `out` (emptied first);
    # vhost and only as record.rb's --vhost and --only.
    # => [output, Process::Status]
    def record(cases, out, url:, ctl: nil, vhost: nil, only: nil)
      FileUtils.rm_rf(out)
      args = ['--deterministic', '--cases', cases, '--out', out, '--url', url]
      args += ['--ctl', ctl] if ctl
      args += ['--vhost', vhost] if vhost
      args += ['--only', only] if only
      Open3.capture2e(child_env, RbConfig.ruby, RECORD_RB, *args)
    end
  end
end
