# frozen_string_literal: true
#
# One `config` sample, in its own process (record.rb starts it with the
# sample's environment; Hutch::Config reads HUTCH_* variables once), with
# hutch-schedule loaded when the request says so (loading it changes
# Hutch::Config itself). Reads {"sample": {...}, "json_adapter": ...,
# "schedule": bool} on stdin, writes the result JSON on
# stdout. Applies env (already in the environment), then the YAML file
# (Hutch::Config.load_from_file), then the URI (Hutch::Config.set(:uri)), and
# reads the connection parameters the way Hutch::Broker computes them.
require 'json'
require 'tempfile'
require_relative 'gems'

req = JSON.parse($stdin.read)
sample = req.fetch('sample')
HutchRecorder::Gems.load!(schedule: req['schedule'] ? true : false, json_adapter: req['json_adapter'])

Hutch::Config.initialize
if sample['yaml']
  Tempfile.create(['hutch-config', '.yaml']) do |f|
    f.write(sample['yaml'])
    f.flush
    Hutch::Config.load_from_file(f.path)
  end
end
Hutch::Config.set(:uri, sample['uri']) if sample['uri']

broker = Hutch::Broker.new(Hutch::Config)
# connection_params and sanitized_uri are private in Hutch: they are what
# Hutch::Broker#connect hands to bunny, read here without opening a connection.
params = broker.send(:connection_params)
result = {
  'host' => params[:host], 'port' => params[:port], 'vhost' => params[:vhost],
  'username' => params[:username], 'password' => params[:password], 'tls' => params[:tls],
  'sanitized_uri' => broker.send(:sanitized_uri)
}
scalar = ->(v) { v.nil? || v == true || v == false || v.is_a?(String) || v.is_a?(Integer) || v.is_a?(Float) }
result['config'] = Hutch::Config.to_hash.select { |_, v| scalar.call(v) }.transform_keys(&:to_s)
$stdout.write(JSON.generate(result))
