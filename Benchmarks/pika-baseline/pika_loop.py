#!/usr/bin/python3
"""pika_loop: the Python pika baseline for scripts/benchmark.sh (Debian's python3-pika).

The same loops as Benchmarks/c-baseline/amqp_loop.c, with pika's BlockingConnection,
sending the Swift Publisher's message (content-header properties and body from the
sample file the Swift benchmark writes; pika's encoding of them is checked to be the
same bytes) to a queue declared as the Swift client's (durable or not, per the sample). Prints "RESULT key value" lines:

  publish          N publishes without confirm mode, until the queue holds all N
  publish_confirm  N publishes with confirm_delivery(): each basic_publish waits for its ack
  consume          N deliveries, basic_qos prefetch as Hutch's, one basic_ack each
  consume_prefetch100  the same with prefetch 100, the queue filled with N first
  (no publish_confirm_inflight: BlockingConnection waits for each confirm)
  latency_*_us     M messages at a fixed rate, publish -> callback, two connections, one thread
  idle_consumer_bytes  private (anonymous) memory before/after K basic_consume on one queue,
                   divided by K (idle_consumer_rss_bytes: the same of the RSS)

Usage: pika_loop.py -f sample.txt [--host 127.0.0.1] [--port 5682] [--exchange X] [--queue Q]
                    [-n 20000] [-c 5000] [-m 20000] [-l 2000] [-r 1000] [-i 200]
"""
import argparse
import os
import sys
import time

import pika
import pika.spec


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGESIZE")


def anonymous_bytes():
    # The private part of the resident set (RssAnon): without the pages of shared
    # libraries and executables, which the first use of any code path faults in once.
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    return -1


def read_sample(path):
    fields = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition(" ")
            if key:
                fields[key] = value
    header = bytes.fromhex(fields["header"])
    body = bytes.fromhex(fields["body"])
    props = pika.spec.BasicProperties()
    props.decode(header[12:])
    if b"".join(props.encode()) != header[12:]:
        sys.exit("pika_loop: pika encodes the sample's properties differently from the Swift Publisher")
    if int.from_bytes(header[4:12], "big") != len(body):
        sys.exit("pika_loop: the sample's body size does not match its body")
    return fields["routing_key"], props, body, int(fields["prefetch"]), fields["queue_durable"] == "1"


def connect(args):
    return pika.BlockingConnection(pika.ConnectionParameters(
        host=args.host, port=args.port, credentials=pika.PlainCredentials("guest", "guest"), heartbeat=0))


def depth(channel, queue):
    return channel.queue_declare(queue, passive=True).method.message_count


def wait_for_depth(channel, queue, count):
    # Every millisecond: asking without a pause would load the broker with queue.declare
    # calls while it takes the messages in. The three clients wait the same way.
    while depth(channel, queue) < count:
        time.sleep(0.001)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-f", dest="sample", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5682)
    parser.add_argument("--exchange", default="hutch-bench-p")
    parser.add_argument("--queue", default="hutch-bench-p")
    parser.add_argument("-n", type=int, default=20000)
    parser.add_argument("-c", type=int, default=5000)
    parser.add_argument("-m", type=int, default=20000)
    parser.add_argument("-l", type=int, default=2000)
    parser.add_argument("-r", type=float, default=1000)
    parser.add_argument("-i", type=int, default=200)
    args = parser.parse_args()
    routing_key, props, body, prefetch, durable = read_sample(args.sample)
    print("RESULT same_bytes 1", flush=True)

    conn = connect(args)
    ch = conn.channel()
    latency_exchange, latency_queue = args.exchange + "-latency", args.queue + "-latency"
    for exchange, queue in ((args.exchange, args.queue), (latency_exchange, latency_queue)):
        ch.exchange_declare(exchange, exchange_type="topic", durable=True)
        ch.queue_declare(queue, durable=durable)
        ch.queue_bind(queue, exchange, routing_key=routing_key)
    try:
        # Publish without confirms, until the queue holds every message.
        before = depth(ch, args.queue)
        start = time.monotonic()
        for _ in range(args.n):
            ch.basic_publish(args.exchange, routing_key, body, properties=props)
        wait_for_depth(ch, args.queue, before + args.n)
        print(f"RESULT publish {args.n / (time.monotonic() - start):.0f}", flush=True)

        # Publish with confirms, one by one (a channel in confirm mode stays so: own connection).
        confirmed = connect(args)
        cch = confirmed.channel()
        cch.confirm_delivery()
        start = time.monotonic()
        for _ in range(args.c):
            cch.basic_publish(args.exchange, routing_key, body, properties=props)
        print(f"RESULT publish_confirm {args.c / (time.monotonic() - start):.0f}", flush=True)
        confirmed.close()

        # Consume with manual ack.
        wait_for_depth(ch, args.queue, before + args.n + args.c)
        start = time.monotonic()
        consumer = conn.channel()
        if prefetch > 0:
            consumer.basic_qos(prefetch_count=prefetch)
        count = 0

        def on_message(channel, method, properties, payload):
            nonlocal count
            channel.basic_ack(method.delivery_tag)
            count += 1
            if count == args.m:
                channel.stop_consuming()

        consumer.basic_consume(args.queue, on_message)
        consumer.start_consuming()
        print(f"RESULT consume {args.m / (time.monotonic() - start):.0f}", flush=True)
        consumer.close()
        ch.queue_purge(args.queue)

        # Consume with manual ack at prefetch 100, the queue filled with N first.
        for _ in range(args.m):
            ch.basic_publish(args.exchange, routing_key, body, properties=props)
        wait_for_depth(ch, args.queue, args.m)
        start = time.monotonic()
        consumer = conn.channel()
        consumer.basic_qos(prefetch_count=100)
        count = 0
        consumer.basic_consume(args.queue, on_message)
        consumer.start_consuming()
        print(f"RESULT consume_prefetch100 {args.m / (time.monotonic() - start):.0f}", flush=True)
        consumer.close()
        ch.queue_purge(args.queue)

        # Latency: publish at a fixed rate on one connection, consume on another.
        pub, sub = connect(args), connect(args)
        pch, sch = pub.channel(), sub.channel()
        if prefetch > 0:
            sch.basic_qos(prefetch_count=prefetch)
        latencies = []
        marker = b'"bench_sent_ns":'

        def on_latency(channel, method, properties, payload):
            arrived = time.monotonic_ns()
            at = payload.find(marker) + len(marker)
            latencies.append(arrived - int(payload[at:payload.index(b"}", at)]))
            channel.basic_ack(method.delivery_tag)

        sch.basic_consume(latency_queue, on_latency)
        interval = 1e9 / args.r
        following = time.monotonic_ns()
        sent = 0
        prefix = body[:-1]
        while len(latencies) < args.l:
            now = time.monotonic_ns()
            if sent < args.l and now >= following:
                payload = prefix + b',"bench_sent_ns":%d}' % time.monotonic_ns()
                pch.basic_publish(latency_exchange, routing_key, payload, properties=props)
                sent += 1
                following += interval
                continue
            wait = (following - now) / 1e9 if sent < args.l else 1.0
            sub.process_data_events(time_limit=max(wait, 0))
        latencies.sort()
        n = len(latencies)
        for name, value in (("p50", latencies[n * 50 // 100]), ("p90", latencies[n * 90 // 100]),
                            ("p99", latencies[n * 99 // 100]), ("max", latencies[-1])):
            print(f"RESULT latency_{name}_us {value / 1e3:.1f}", flush=True)
        sub.close()
        pub.close()

        # Memory per idle consumer.
        idle = conn.channel()
        before, before_rss = anonymous_bytes(), rss_bytes()
        for _ in range(args.i):
            idle.basic_consume(args.queue, lambda *unused: None)
        print(f"RESULT idle_consumer_bytes {(anonymous_bytes() - before) / args.i:.0f}", flush=True)
        print(f"RESULT idle_consumer_rss_bytes {(rss_bytes() - before_rss) / args.i:.0f}", flush=True)
        idle.close()
    finally:
        for queue in (args.queue, latency_queue):
            ch.queue_delete(queue)
        for exchange in (args.exchange, latency_exchange):
            ch.exchange_delete(exchange)
        conn.close()


if __name__ == "__main__":
    main()
