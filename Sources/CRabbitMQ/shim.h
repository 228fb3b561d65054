#ifndef HUTCH_CRABBITMQ_SHIM_H
#define HUTCH_CRABBITMQ_SHIM_H

/* Debian's librabbitmq-dev installs flat headers (amqp.h, not rabbitmq-c/amqp.h). */
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* amqp_login_with_properties is variadic, which Swift cannot call: PLAIN login. */
static inline amqp_rpc_reply_t hutch_amqp_login_plain(
    amqp_connection_state_t state, char const *vhost, int channel_max, int frame_max,
    int heartbeat, const amqp_table_t *properties, char const *username, char const *password) {
    return amqp_login_with_properties(state, vhost, channel_max, frame_max, heartbeat, properties,
                                      AMQP_SASL_METHOD_PLAIN, username, password);
}

/*
 * librabbitmq reports every failed TCP connect as AMQP_STATUS_SOCKET_ERROR and drops the
 * errno (it reads SO_ERROR but does not keep it). After such a failure this probe connects
 * once more, the same way, only to learn why: 0 when the connect succeeds now, the errno
 * (ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT, ...) otherwise, -1 when the name does not resolve.
 */
static inline int hutch_probe_connect_errno(char const *host, int port, int timeout_ms) {
    struct addrinfo hints;
    struct addrinfo *list = NULL;
    char service[16];
    int last = -1;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(service, sizeof(service), "%d", port);
    if (getaddrinfo(host, service, &hints, &list) != 0 || list == NULL) return -1;
    for (struct addrinfo *a = list; a != NULL; a = a->ai_next) {
        int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) { last = errno; continue; }
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) { close(fd); last = 0; break; }
        if (errno != EINPROGRESS) { last = errno; close(fd); continue; }
        struct pollfd p = { .fd = fd, .events = POLLOUT, .revents = 0 };
        int ready = poll(&p, 1, timeout_ms);
        if (ready <= 0) { last = ready == 0 ? ETIMEDOUT : errno; close(fd); continue; }
        int so_error = 0;
        socklen_t len = sizeof(so_error);
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0) so_error = errno;
        close(fd);
        last = so_error;
        if (so_error == 0) break;
    }
    freeaddrinfo(list);
    return last;
}

#endif
