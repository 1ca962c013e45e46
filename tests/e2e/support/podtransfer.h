#pragma once

#include <QString>

#include <utility>

#include <netinet/tcp.h>

namespace tartan::test {

struct Received
{
    QString error;
    qint64 bytes = 0;
    quint64 hash = 0;
    QString peer;
};

struct Sent
{
    QString error;
    qint64 bytes = 0;
    quint64 hash = 0;
    tcp_info info{};
};

/// One TCP connection from the namespace at `fromPath` to `toAddress`:`port` in the namespace at
/// `toPath`, carrying `bytes` of a fixed pattern. Each side is a thread that has joined its
/// namespace; every socket call is bounded by a timeout, so a black hole shows up as an error
/// instead of a hang. Compare the hashes to know the stream arrived whole.
std::pair<Sent, Received> transfer(const QString &fromPath, const QString &toPath, const QString &toAddress,
                                   qint64 bytes, quint16 port = 5201);

/// Moves the calling thread (only) into the network namespace at `path`; empty, or why not.
QString enter(const QString &path);

} // namespace tartan::test
