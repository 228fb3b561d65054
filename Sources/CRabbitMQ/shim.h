#ifndef HUTCH_CRABBITMQ_SHIM_H
#define HUTCH_CRABBITMQ_SHIM_H

/* Debian's librabbitmq-dev installs flat headers (amqp.h, not rabbitmq-c/amqp.h). */
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>

#endif
