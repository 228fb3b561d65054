/*
 * amqp_loop: the plain librabbitmq baseline for scripts/benchmark.sh.
 *
 * Sends the same message the Swift Publisher sends (its content-header payload
 * and body, read from a sample file the Swift benchmark writes) and measures,
 * against one broker:
 *
 * Queues are declared durable or not as the Swift client's consumer queue is (the
 * sample says): with the default pairing, Hutch 1.3.1 + hutch-schedule 0.7, Ruby
 * declares it non-durable, so persistent messages are not written to disk.
 *
 *   publish          N publishes on a channel without confirm mode, timed until the
 *                    queue holds all N (polled with a passive queue.declare)
 *   publish_confirm  N publishes on a channel in confirm mode, each waiting for its
 *                    basic.ack before the next, as Publisher.publish(confirm: true)
 *                    awaited in a loop does
 *   consume          N deliveries with manual ack, basic.qos prefetch as Hutch's
 *                    (channel_prefetch, per consumer), one basic.ack per message
 *   consume_prefetch100
 *                    the same with prefetch 100 (the baseline of the Swift worker's
 *                    consume rows at 1, 20 and 100 handlers at once: one thread
 *                    handles one message at a time)
 *   publish_confirm_inflight
 *                    N publishes in confirm mode, 100 at a time: 100 written, then
 *                    every basic.ack up to the last awaited, as 100 concurrent
 *                    Publisher.publish(confirm: true) then waiting do
 *   latency          M messages published at a fixed rate on one connection and
 *                    consumed (and acked) on another, publish -> handler, in one
 *                    thread; the body carries the send time ("bench_sent_ns")
 *   idle consumers   private (anonymous) memory and RSS before/after K basic.consume on
 *                    one queue, divided by K
 *   publish_confirm_turns, publish_confirm_inflight_turns
 *                    (-s only) turns of N (-c) publish_confirm or publish_confirm_inflight
 *                    publishes, one per line read from stdin, each timed: for a driver
 *                    interleaving them with its own (see confirm_turns); a line
 *                    "reader" runs the turn with a reader thread (see struct reader)
 *
 * Prints "RESULT key value" lines. Build:
 *   cc -O2 -pthread -o amqp_loop amqp_loop.c -lrabbitmq
 * Usage:
 *   amqp_loop -f sample.txt [-H 127.0.0.1] [-p 5682] [-x exchange] [-q queue]
 *             [-n 20000] [-c 5000] [-m 20000] [-l 2000] [-r 1000] [-i 200]
 *             [-s publish|publish_confirm|publish_confirm_inflight|consume_prefetch100|
 *                 publish_confirm_turns|publish_confirm_inflight_turns
 *              [-b BROKER_PID]]
 * With -s, only that shape runs, on its fresh queue (for the shape-by-shape pairs of
 * scripts/benchmark.sh), and the CPU time it took is printed per message: this
 * process's (KEY_client_cpu_us) and, with -b, the broker's (KEY_broker_cpu_us).
 * The queue and exchange are deleted at the end.
 */
#define _GNU_SOURCE
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
    fprintf(stderr, "amqp_loop: %s\n", what);
    exit(1);
}

static void check_reply(amqp_rpc_reply_t reply, const char *what) {
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) return;
    fprintf(stderr, "amqp_loop: %s failed (reply type %d, library error %d: %s)\n", what, reply.reply_type,
            reply.library_error, amqp_error_string2(reply.library_error));
    exit(1);
}

static void check_status(int status, const char *what) {
    if (status >= 0) return;
    fprintf(stderr, "amqp_loop: %s failed: %s\n", what, amqp_error_string2(status));
    exit(1);
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* CPU seconds (user + system) of this process so far. */
static double own_cpu_seconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* CPU seconds (user + system) of process `pid` so far, from /proc/PID/stat (in clock
 * ticks); -1 when it cannot be read. */
static double process_cpu_seconds(int pid) {
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    /* utime and stime are the 14th and 15th fields; the 2nd, "(comm)", may hold spaces. */
    char *after_name = strrchr(text, ')');
    unsigned long utime, stime;
    if (!after_name || sscanf(after_name + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
        return -1;
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

/* The private (anonymous) part of the resident set, from RssAnon in /proc/self/status:
 * without the pages of shared libraries and executables, which the first use of any code
 * path faults in once. */
static long anonymous_bytes(void) {
    char line[256];
    long kilobytes = -1;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "RssAnon: %ld kB", &kilobytes) == 1) break;
    fclose(f);
    return kilobytes < 0 ? -1 : kilobytes * 1024;
}

static long rss_bytes(void) {
    long pages_total = 0, pages_resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return -1;
    if (fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) pages_resident = -1;
    fclose(f);
    return pages_resident * sysconf(_SC_PAGESIZE);
}

/* ---- the sample message ------------------------------------------------------ */

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t unhex(const char *text, uint8_t *out, size_t capacity) {
    size_t n = 0;
    while (text[0] && text[1] && hexval(text[0]) >= 0 && hexval(text[1]) >= 0) {
        if (n == capacity) die("sample field too long");
        out[n++] = (uint8_t)(hexval(text[0]) * 16 + hexval(text[1]));
        text += 2;
    }
    return n;
}

struct sample {
    char routing_key[256];
    uint8_t header[65536]; /* content-header payload: class, weight, body size, flags, properties */
    size_t header_len;
    uint8_t body[65536];
    size_t body_len;
    int prefetch;
    int queue_durable;
};

static void read_sample(const char *path, struct sample *s) {
    FILE *f = fopen(path, "r");
    if (!f) die("cannot open the sample file");
    static char line[300000];
    memset(s, 0, sizeof *s);
    s->prefetch = -1;
    s->queue_durable = -1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (strncmp(line, "routing_key ", 12) == 0) {
            snprintf(s->routing_key, sizeof s->routing_key, "%.255s", line + 12);
        } else if (strncmp(line, "header ", 7) == 0) {
            s->header_len = unhex(line + 7, s->header, sizeof s->header);
        } else if (strncmp(line, "body ", 5) == 0) {
            s->body_len = unhex(line + 5, s->body, sizeof s->body);
        } else if (strncmp(line, "prefetch ", 9) == 0) {
            s->prefetch = atoi(line + 9);
        } else if (strncmp(line, "queue_durable ", 14) == 0) {
            s->queue_durable = atoi(line + 14);
        }
    }
    fclose(f);
    if (!s->routing_key[0] || s->header_len < 14 || !s->body_len || s->prefetch < 0 || s->queue_durable < 0)
        die("incomplete sample file");
}

/* Decodes the sample's properties and checks that librabbitmq encodes them back to
 * exactly the Swift bytes, so the loop sends the same content header. */
static amqp_basic_properties_t sample_properties(const struct sample *s, amqp_pool_t *pool) {
    amqp_bytes_t encoded = {s->header_len - 12, (void *)(s->header + 12)};
    void *decoded = NULL;
    check_status(amqp_decode_properties(AMQP_BASIC_CLASS, pool, encoded, &decoded), "decoding the sample properties");
    amqp_basic_properties_t props = *(amqp_basic_properties_t *)decoded;
    uint8_t again[65536];
    amqp_bytes_t out = {sizeof again, again};
    int length = amqp_encode_properties(AMQP_BASIC_CLASS, &props, out);
    if (length < 0 || (size_t)length != encoded.len || memcmp(again, encoded.bytes, encoded.len) != 0)
        die("re-encoded properties differ from the Swift Publisher's bytes");
    uint64_t body_size = 0;
    for (int i = 4; i < 12; i++) body_size = body_size << 8 | s->header[i];
    if (body_size != s->body_len) die("the sample's body size does not match its body");
    return props;
}

/* ---- connections ---------------------------------------------------------------- */

static amqp_connection_state_t open_connection(const char *host, int port) {
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t *socket = amqp_tcp_socket_new(conn);
    if (!socket) die("no socket");
    check_status(amqp_socket_open(socket, host, port), "connecting");
    check_reply(amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest"), "login");
    amqp_channel_open(conn, 1);
    check_reply(amqp_get_rpc_reply(conn), "channel.open");
    return conn;
}

static void close_connection(amqp_connection_state_t conn) {
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
}

static void declare_queue(amqp_connection_state_t conn, const char *exchange, const char *queue, const char *key,
                          int durable) {
    /* As the Swift client declares them: a durable topic exchange; the queue durable or
     * not as the pairing's consumer queue (hutch-schedule on Hutch >= 1.1.1: not). */
    amqp_exchange_declare(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes("topic"), 0, 1, 0, 0, amqp_empty_table);
    check_reply(amqp_get_rpc_reply(conn), "exchange.declare");
    amqp_queue_declare(conn, 1, amqp_cstring_bytes(queue), 0, (amqp_boolean_t)durable, 0, 0, amqp_empty_table);
    check_reply(amqp_get_rpc_reply(conn), "queue.declare");
    amqp_queue_bind(conn, 1, amqp_cstring_bytes(queue), amqp_cstring_bytes(exchange), amqp_cstring_bytes(key),
                    amqp_empty_table);
    check_reply(amqp_get_rpc_reply(conn), "queue.bind");
}

static uint32_t queue_depth(amqp_connection_state_t conn, const char *queue) {
    amqp_queue_declare_ok_t *ok = amqp_queue_declare(conn, 1, amqp_cstring_bytes(queue), 1, 0, 0, 0, amqp_empty_table);
    check_reply(amqp_get_rpc_reply(conn), "queue.declare passive");
    uint32_t count = ok->message_count;
    amqp_maybe_release_buffers(conn);
    return count;
}

/* Polls the queue's depth every millisecond until it holds `depth` messages: asking without
 * a pause would load the broker with queue.declare calls while it takes the messages in. The
 * three clients wait the same way. */
static void wait_for_depth(amqp_connection_state_t conn, const char *queue, uint32_t depth) {
    while (queue_depth(conn, queue) < depth) {
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
}

/* ---- the loops --------------------------------------------------------------------- */

static double publish_loop(amqp_connection_state_t conn, const char *exchange, const struct sample *s,
                           amqp_basic_properties_t *props, long n, const char *queue, uint32_t depth_before) {
    amqp_bytes_t body = {s->body_len, (void *)s->body};
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        check_status(amqp_basic_publish(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(s->routing_key), 0, 0,
                                        props, body),
                     "basic.publish");
    }
    wait_for_depth(conn, queue, depth_before + (uint32_t)n);
    return (double)n / ((double)(now_ns() - start) / 1e9);
}

/* The delivery tag a basic.ack frame covers up to, 0 for any other frame (delivery tags
 * start at 1). Ends the process for a basic.nack, or the broker closing the channel or
 * connection (no basic.ack would come: a wait for it would never end). */
static uint64_t acked_tag(const amqp_frame_t *frame) {
    if (frame->frame_type != AMQP_FRAME_METHOD) return 0;
    amqp_method_number_t method = frame->payload.method.id;
    if (method == AMQP_BASIC_NACK_METHOD) die("basic.nack");
    if (method == AMQP_CHANNEL_CLOSE_METHOD) die("the broker closed the channel while a basic.ack was awaited");
    if (method == AMQP_CONNECTION_CLOSE_METHOD) die("the broker closed the connection while a basic.ack was awaited");
    if (method != AMQP_BASIC_ACK_METHOD) return 0;
    return ((amqp_basic_ack_t *)frame->payload.method.decoded)->delivery_tag;
}

/* Reads frames until a basic.ack covers delivery tag `tag` (a multiple ack covers several);
 * a basic.nack, or a channel or connection closed, ends the process. */
static void await_acks_through(amqp_connection_state_t conn, uint64_t tag) {
    for (;;) {
        amqp_frame_t frame;
        check_status(amqp_simple_wait_frame(conn, &frame), "waiting for basic.ack");
        if (acked_tag(&frame) >= tag) return;
    }
}

/* n publishes, each waiting for its basic.ack before the next, as
 * Publisher.publish(confirm: true) awaited in a loop does; *tag is the delivery tag of the
 * channel's last publish (0 before the first), kept from call to call. Returns the ns taken. */
static uint64_t publish_confirm_run(amqp_connection_state_t conn, const char *exchange, const struct sample *s,
                                    amqp_basic_properties_t *props, long n, uint64_t *tag) {
    amqp_bytes_t body = {s->body_len, (void *)s->body};
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        check_status(amqp_basic_publish(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(s->routing_key), 0, 0,
                                        props, body),
                     "basic.publish");
        *tag += 1;
        /* One by one: wait for this publish's basic.ack. */
        await_acks_through(conn, *tag);
        amqp_maybe_release_buffers(conn);
    }
    return now_ns() - start;
}

static void confirm_select(amqp_connection_state_t conn) {
    amqp_confirm_select(conn, 1);
    check_reply(amqp_get_rpc_reply(conn), "confirm.select");
}

static double publish_confirm_loop(amqp_connection_state_t conn, const char *exchange, const struct sample *s,
                                   amqp_basic_properties_t *props, long n) {
    uint64_t tag = 0;
    confirm_select(conn);
    return (double)n / ((double)publish_confirm_run(conn, exchange, s, props, n, &tag) / 1e9);
}

/* n publishes in confirm mode, 100 at a time: 100 written, then every basic.ack up to the
 * last awaited (a multiple ack covers several); *tag as for publish_confirm_run. Returns the
 * ns taken. */
static uint64_t publish_inflight_run(amqp_connection_state_t conn, const char *exchange, const struct sample *s,
                                     amqp_basic_properties_t *props, long n, uint64_t *tag) {
    amqp_bytes_t body = {s->body_len, (void *)s->body};
    uint64_t start = now_ns();
    for (long sent = 0; sent < n;) {
        long batch = n - sent < 100 ? n - sent : 100;
        for (long i = 0; i < batch; i++) {
            check_status(amqp_basic_publish(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(s->routing_key), 0, 0,
                                            props, body),
                         "basic.publish");
        }
        sent += batch;
        *tag += (uint64_t)batch;
        await_acks_through(conn, *tag);
        amqp_maybe_release_buffers(conn);
    }
    return now_ns() - start;
}

/* ---- a reader thread: the Swift client's design, in C ------------------------------------
 *
 * The Swift client confines librabbitmq to one I/O thread per connection, and a task on
 * Swift's pool that publishes with confirms one by one runs on another thread: it writes
 * its publish itself while the I/O thread sleeps in poll(2), and the I/O thread reads the
 * basic.ack and wakes it. The turns' "reader" lines run the same confirms this way in C:
 * the caller publishes under the connection's lock and waits on a condition variable; a
 * reader thread, the only one that reads, waits in poll(2) on the socket and a stop pipe,
 * reads what came under the lock and wakes the caller once its tag is acked. Beside the
 * loop that writes and reads on one thread, it shows what that hand-off costs C itself. */
struct reader {
    amqp_connection_state_t conn;
    pthread_t thread;
    /* Held by the caller while it publishes and by the reader while it reads frames. */
    pthread_mutex_t lock;
    pthread_cond_t acked_changed;
    /* The highest delivery tag a basic.ack covered so far. */
    uint64_t acked;
    /* Written to (closed) to stop the reader. */
    int stop[2];
};

/* Reads every frame that came, under the lock, then sleeps in poll(2) until more come or
 * the stop pipe is closed. */
static void *reader_main(void *argument) {
    struct reader *r = argument;
    struct pollfd watched[2] = {{amqp_get_sockfd(r->conn), POLLIN, 0}, {r->stop[0], POLLIN, 0}};
    for (;;) {
        pthread_mutex_lock(&r->lock);
        uint64_t acked = r->acked;
        for (;;) {
            amqp_frame_t frame;
            struct timeval now = {0, 0};
            int status = amqp_simple_wait_frame_noblock(r->conn, &frame, &now);
            if (status == AMQP_STATUS_TIMEOUT) break;
            check_status(status, "waiting for basic.ack (reader thread)");
            uint64_t tag = acked_tag(&frame);
            if (tag > acked) acked = tag;
        }
        amqp_maybe_release_buffers(r->conn);
        if (acked != r->acked) {
            r->acked = acked;
            pthread_cond_signal(&r->acked_changed);
        }
        pthread_mutex_unlock(&r->lock);
        while (poll(watched, 2, -1) < 0) {
            if (errno != EINTR) die("poll (reader thread)");
        }
        if (watched[1].revents) return NULL;
    }
}

/* Starts a reader on `conn`, whose acks so far reach `acked`. */
static void reader_start(struct reader *r, amqp_connection_state_t conn, uint64_t acked) {
    r->conn = conn;
    r->acked = acked;
    if (pipe(r->stop) != 0) die("pipe");
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->acked_changed, NULL);
    if (pthread_create(&r->thread, NULL, reader_main, r) != 0) die("pthread_create");
}

/* Stops the reader and waits for it: the connection is the caller's alone again. */
static void reader_stop(struct reader *r) {
    close(r->stop[1]);
    pthread_join(r->thread, NULL);
    close(r->stop[0]);
    pthread_cond_destroy(&r->acked_changed);
    pthread_mutex_destroy(&r->lock);
}

/* publish_confirm_run with a reader thread: each publish written by the caller, its
 * basic.ack read by the reader, which wakes the caller. */
static uint64_t publish_confirm_reader_run(amqp_connection_state_t conn, const char *exchange, const struct sample *s,
                                           amqp_basic_properties_t *props, long n, uint64_t *tag) {
    amqp_bytes_t body = {s->body_len, (void *)s->body};
    struct reader r;
    /* Every publish so far was acked: the turns before this one waited for their last. */
    reader_start(&r, conn, *tag);
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        pthread_mutex_lock(&r.lock);
        check_status(amqp_basic_publish(conn, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(s->routing_key), 0, 0,
                                        props, body),
                     "basic.publish");
        *tag += 1;
        while (r.acked < *tag) pthread_cond_wait(&r.acked_changed, &r.lock);
        pthread_mutex_unlock(&r.lock);
    }
    uint64_t taken = now_ns() - start;
    reader_stop(&r);
    return taken;
}

static double publish_inflight_loop(amqp_connection_state_t conn, const char *exchange, const struct sample *s,
                                    amqp_basic_properties_t *props, long n) {
    uint64_t tag = 0;
    confirm_select(conn);
    return (double)n / ((double)publish_inflight_run(conn, exchange, s, props, n, &tag) / 1e9);
}

/* The turns shapes (-s publish_confirm_turns, publish_confirm_inflight_turns): turns of n
 * confirmed publishes, one by one or 100 in flight, one turn per line read from stdin, for
 * a driver that interleaves them with another client's turns on the same broker
 * (HutchClientBenchmarks --profile confirm-turns, confirm-inflight-turns): the machine's
 * speed then changes for both clients alike. Prints "READY" once connected in confirm
 * mode, then "TURN <ns> <cpu-us>" per turn (its time and this process's CPU time); ends at
 * EOF. A line "reader" runs that turn with `reader_run` (one by one only: with a reader
 * thread, publish_confirm_reader_run). */
typedef uint64_t (*confirm_run)(amqp_connection_state_t, const char *, const struct sample *, amqp_basic_properties_t *,
                                long, uint64_t *);

static void confirm_turns(amqp_connection_state_t conn, const char *exchange, const struct sample *s,
                          amqp_basic_properties_t *props, long n, confirm_run run, confirm_run reader_run) {
    uint64_t tag = 0;
    char line[64];
    confirm_select(conn);
    printf("READY\n");
    fflush(stdout);
    while (fgets(line, sizeof line, stdin)) {
        int with_reader = strcmp(line, "reader\n") == 0;
        if (with_reader && !reader_run) die("this shape has no turns with a reader thread");
        double cpu = own_cpu_seconds();
        uint64_t ns = (with_reader ? reader_run : run)(conn, exchange, s, props, n, &tag);
        printf("TURN %llu %.1f\n", (unsigned long long)ns, (own_cpu_seconds() - cpu) * 1e6);
        fflush(stdout);
    }
}

static double consume_loop(amqp_connection_state_t conn, const char *queue, int prefetch, long n) {
    uint64_t start = now_ns();
    amqp_channel_open(conn, 2);
    check_reply(amqp_get_rpc_reply(conn), "channel.open 2");
    if (prefetch > 0) {
        amqp_basic_qos(conn, 2, 0, (uint16_t)prefetch, 0);
        check_reply(amqp_get_rpc_reply(conn), "basic.qos");
    }
    amqp_basic_consume(conn, 2, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    check_reply(amqp_get_rpc_reply(conn), "basic.consume");
    for (long i = 0; i < n; i++) {
        amqp_envelope_t envelope;
        amqp_maybe_release_buffers(conn);
        check_reply(amqp_consume_message(conn, &envelope, NULL, 0), "consuming");
        check_status(amqp_basic_ack(conn, 2, envelope.delivery_tag, 0), "basic.ack");
        amqp_destroy_envelope(&envelope);
    }
    double rate = (double)n / ((double)(now_ns() - start) / 1e9);
    /* Unacknowledged prefetched deliveries go back to the queue. */
    amqp_channel_close(conn, 2, AMQP_REPLY_SUCCESS);
    return rate;
}

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void latency_loop(const char *host, int port, const char *exchange, const char *queue, const struct sample *s,
                         amqp_basic_properties_t *props, int prefetch, long n, double rate) {
    amqp_connection_state_t pub = open_connection(host, port);
    amqp_connection_state_t sub = open_connection(host, port);
    if (prefetch > 0) {
        amqp_basic_qos(sub, 1, 0, (uint16_t)prefetch, 0);
        check_reply(amqp_get_rpc_reply(sub), "basic.qos");
    }
    amqp_basic_consume(sub, 1, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    check_reply(amqp_get_rpc_reply(sub), "basic.consume");

    uint64_t *latencies = calloc((size_t)n, sizeof *latencies);
    char *body = malloc(s->body_len + 64);
    if (!latencies || !body) die("out of memory");
    /* The typical body with "bench_sent_ns" appended as its last field (as the Swift side does). */
    memcpy(body, s->body, s->body_len - 1);
    uint64_t interval = (uint64_t)(1e9 / rate);
    uint64_t next = now_ns();
    long sent = 0, received = 0;
    while (received < n) {
        uint64_t now = now_ns();
        if (sent < n && now >= next) {
            int length = (int)(s->body_len - 1);
            length += sprintf(body + length, ",\"bench_sent_ns\":%llu}", (unsigned long long)now_ns());
            amqp_bytes_t bytes = {(size_t)length, body};
            check_status(amqp_basic_publish(pub, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(s->routing_key), 0, 0,
                                            props, bytes),
                         "basic.publish");
            sent++;
            next += interval;
            continue;
        }
        uint64_t wait = sent < n ? next - now : 1000000000ull;
        struct timeval timeout = {(time_t)(wait / 1000000000ull), (suseconds_t)((wait % 1000000000ull) / 1000)};
        amqp_envelope_t envelope;
        amqp_maybe_release_buffers(sub);
        amqp_rpc_reply_t reply = amqp_consume_message(sub, &envelope, &timeout, 0);
        if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT) continue;
        check_reply(reply, "consuming");
        uint64_t arrived = now_ns();
        const char *field = memmem(envelope.message.body.bytes, envelope.message.body.len, "\"bench_sent_ns\":", 16);
        if (!field) die("a delivery without bench_sent_ns");
        latencies[received++] = arrived - strtoull(field + 16, NULL, 10);
        check_status(amqp_basic_ack(sub, 1, envelope.delivery_tag, 0), "basic.ack");
        amqp_destroy_envelope(&envelope);
    }
    qsort(latencies, (size_t)n, sizeof *latencies, compare_u64);
    printf("RESULT latency_p50_us %.1f\n", latencies[(n * 50) / 100] / 1e3);
    printf("RESULT latency_p90_us %.1f\n", latencies[(n * 90) / 100] / 1e3);
    printf("RESULT latency_p99_us %.1f\n", latencies[(n * 99) / 100] / 1e3);
    printf("RESULT latency_max_us %.1f\n", latencies[n - 1] / 1e3);
    free(latencies);
    free(body);
    close_connection(sub);
    close_connection(pub);
}

static void idle_consumers(amqp_connection_state_t conn, const char *queue, int count) {
    amqp_channel_open(conn, 3);
    check_reply(amqp_get_rpc_reply(conn), "channel.open 3");
    long before = anonymous_bytes(), before_rss = rss_bytes();
    for (int i = 0; i < count; i++) {
        amqp_basic_consume(conn, 3, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
        check_reply(amqp_get_rpc_reply(conn), "basic.consume (idle)");
        amqp_maybe_release_buffers(conn);
    }
    long after = anonymous_bytes(), after_rss = rss_bytes();
    printf("RESULT idle_consumer_bytes %.0f\n", (double)(after - before) / count);
    printf("RESULT idle_consumer_rss_bytes %.0f\n", (double)(after_rss - before_rss) / count);
    amqp_channel_close(conn, 3, AMQP_REPLY_SUCCESS);
}

/* -s SHAPE: that shape alone, on a connection of its own (a consume on a queue filled with
 * N messages first, untimed), and the CPU time it took per message: this process's and,
 * with -b, the broker's. */
static void run_only(const char *only, const char *host, int port, amqp_connection_state_t conn, const char *exchange,
                     const char *queue, const struct sample *s, amqp_basic_properties_t *props, long n_publish,
                     long n_confirm, long n_consume, int broker_pid) {
    int turns = strcmp(only, "publish_confirm_turns") == 0, inflight_turns = strcmp(only, "publish_confirm_inflight_turns") == 0;
    if (turns || inflight_turns) {
        amqp_connection_state_t own = open_connection(host, port);
        if (turns) confirm_turns(own, exchange, s, props, n_confirm, publish_confirm_run, publish_confirm_reader_run);
        else confirm_turns(own, exchange, s, props, n_confirm, publish_inflight_run, NULL);
        close_connection(own);
        return;
    }
    int publish = strcmp(only, "publish") == 0, consume = strcmp(only, "consume_prefetch100") == 0;
    long n = publish ? n_publish : consume ? n_consume : n_confirm;
    if (consume) publish_loop(conn, exchange, s, props, n, queue, 0);
    amqp_connection_state_t own = open_connection(host, port);
    double cpu = own_cpu_seconds(), broker_cpu = broker_pid ? process_cpu_seconds(broker_pid) : -1;
    double measured = publish   ? publish_loop(own, exchange, s, props, n, queue, 0)
                      : consume ? consume_loop(own, queue, 100, n)
                      : strcmp(only, "publish_confirm") == 0 ? publish_confirm_loop(own, exchange, s, props, n)
                                                              : publish_inflight_loop(own, exchange, s, props, n);
    cpu = own_cpu_seconds() - cpu;
    if (broker_cpu >= 0) broker_cpu = process_cpu_seconds(broker_pid) - broker_cpu;
    printf("RESULT %s %.0f\n", only, measured);
    printf("RESULT %s_client_cpu_us %.1f\n", only, cpu * 1e6 / (double)n);
    if (broker_pid && broker_cpu >= 0) printf("RESULT %s_broker_cpu_us %.1f\n", only, broker_cpu * 1e6 / (double)n);
    close_connection(own);
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1", *sample_path = NULL, *exchange = "hutch-bench-c", *queue = "hutch-bench-c";
    int port = 5682, idle = 200;
    long n_publish = 20000, n_confirm = 5000, n_consume = 20000, n_latency = 2000;
    double rate = 1000;
    const char *only = NULL;
    int broker_pid = 0;
    int option;
    while ((option = getopt(argc, argv, "H:p:f:x:q:n:c:m:l:r:i:s:b:")) != -1) {
        switch (option) {
        case 'H': host = optarg; break;
        case 'p': port = atoi(optarg); break;
        case 'f': sample_path = optarg; break;
        case 'x': exchange = optarg; break;
        case 'q': queue = optarg; break;
        case 'n': n_publish = atol(optarg); break;
        case 'c': n_confirm = atol(optarg); break;
        case 'm': n_consume = atol(optarg); break;
        case 'l': n_latency = atol(optarg); break;
        case 'r': rate = atof(optarg); break;
        case 'i': idle = atoi(optarg); break;
        case 's': only = optarg; break;
        case 'b': broker_pid = atoi(optarg); break;
        default: die("usage: amqp_loop -f sample.txt [-H host] [-p port] [-x exchange] [-q queue] [-n N] [-c N] [-m N] [-l N] [-r rate] [-i N] [-s shape [-b broker-pid]]");
        }
    }
    if (!sample_path) die("-f sample.txt is required");
    if (only && strcmp(only, "publish") != 0 && strcmp(only, "publish_confirm") != 0 &&
        strcmp(only, "publish_confirm_inflight") != 0 && strcmp(only, "consume_prefetch100") != 0 &&
        strcmp(only, "publish_confirm_turns") != 0 && strcmp(only, "publish_confirm_inflight_turns") != 0)
        die("-s takes publish, publish_confirm, publish_confirm_inflight, consume_prefetch100, publish_confirm_turns or "
            "publish_confirm_inflight_turns");
    static struct sample s;
    read_sample(sample_path, &s);
    amqp_pool_t pool;
    init_amqp_pool(&pool, 4096);
    amqp_basic_properties_t props = sample_properties(&s, &pool);
    printf("RESULT same_bytes 1\n");

    char latency_queue[300];
    snprintf(latency_queue, sizeof latency_queue, "%s-latency", queue);

    amqp_connection_state_t conn = open_connection(host, port);
    declare_queue(conn, exchange, queue, s.routing_key, s.queue_durable);

    if (only) {
        run_only(only, host, port, conn, exchange, queue, &s, &props, n_publish, n_confirm, n_consume, broker_pid);
        amqp_queue_delete(conn, 1, amqp_cstring_bytes(queue), 0, 0);
        amqp_exchange_delete(conn, 1, amqp_cstring_bytes(exchange), 0);
        close_connection(conn);
        empty_amqp_pool(&pool);
        return 0;
    }

    uint32_t depth = queue_depth(conn, queue);
    printf("RESULT publish %.0f\n", publish_loop(conn, exchange, &s, &props, n_publish, queue, depth));
    fflush(stdout);
    /* A channel in confirm mode stays so: the confirmed loop gets its own connection. */
    amqp_connection_state_t confirmed = open_connection(host, port);
    printf("RESULT publish_confirm %.0f\n", publish_confirm_loop(confirmed, exchange, &s, &props, n_confirm));
    close_connection(confirmed);
    fflush(stdout);
    wait_for_depth(conn, queue, (uint32_t)(depth + n_publish + n_confirm));
    printf("RESULT consume %.0f\n", consume_loop(conn, queue, s.prefetch, n_consume));
    fflush(stdout);

    /* Prefetch 100: the queue filled again with N messages first (untimed). */
    amqp_queue_purge(conn, 1, amqp_cstring_bytes(queue));
    check_reply(amqp_get_rpc_reply(conn), "queue.purge");
    publish_loop(conn, exchange, &s, &props, n_consume, queue, 0);
    /* A fresh connection: librabbitmq keeps the frames the first consumer's channel got
     * before its close-ok, and would hand them to the next consume. */
    amqp_connection_state_t consumer = open_connection(host, port);
    printf("RESULT consume_prefetch100 %.0f\n", consume_loop(consumer, queue, 100, n_consume));
    close_connection(consumer);
    fflush(stdout);
    confirmed = open_connection(host, port);
    printf("RESULT publish_confirm_inflight %.0f\n", publish_inflight_loop(confirmed, exchange, &s, &props, n_confirm));
    close_connection(confirmed);
    fflush(stdout);

    amqp_queue_purge(conn, 1, amqp_cstring_bytes(queue));
    check_reply(amqp_get_rpc_reply(conn), "queue.purge");
    /* The latency queue is bound with the same routing key on its own exchange. */
    char latency_exchange[300];
    snprintf(latency_exchange, sizeof latency_exchange, "%s-latency", exchange);
    declare_queue(conn, latency_exchange, latency_queue, s.routing_key, s.queue_durable);
    latency_loop(host, port, latency_exchange, latency_queue, &s, &props, s.prefetch, n_latency, rate);
    fflush(stdout);

    idle_consumers(conn, queue, idle);

    amqp_queue_delete(conn, 1, amqp_cstring_bytes(queue), 0, 0);
    amqp_queue_delete(conn, 1, amqp_cstring_bytes(latency_queue), 0, 0);
    amqp_exchange_delete(conn, 1, amqp_cstring_bytes(exchange), 0);
    amqp_exchange_delete(conn, 1, amqp_cstring_bytes(latency_exchange), 0);
    close_connection(conn);
    empty_amqp_pool(&pool);
    return 0;
}
