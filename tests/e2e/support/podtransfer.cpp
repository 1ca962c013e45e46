#include "podtransfer.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tartan::test {

QString enter(const QString &path)
{
    const int ns = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (ns < 0)
        return QStringLiteral("open %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
    const int joined = ::setns(ns, CLONE_NEWNET);
    const int error = errno;
    ::close(ns);
    return joined == 0 ? QString() : QStringLiteral("setns %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(error)));
}

namespace {

const int kSocketTimeoutSeconds = 10;

/// FNV-1a, to compare the received stream with the sent one without keeping either.
struct Fnv
{
    quint64 value = 14695981039346656037ULL;
    void add(const unsigned char *data, size_t length)
    {
        for (size_t i = 0; i < length; ++i)
            value = (value ^ data[i]) * 1099511628211ULL;
    }
};

QString lastError(const char *step)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(step), QString::fromLocal8Bit(std::strerror(errno)));
}

void setTimeouts(int fd)
{
    const timeval timeout{kSocketTimeoutSeconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

} // namespace

std::pair<Sent, Received> transfer(const QString &fromPath, const QString &toPath, const QString &toAddress, qint64 bytes, quint16 port)
{
    std::promise<QString> listening;
    Received received;
    std::thread server([&] {
        int listener = -1;
        const auto finish = [&](const QString &error) {
            received.error = error;
            if (listener >= 0)
                ::close(listener);
        };
        if (const QString entered = enter(toPath); !entered.isEmpty()) {
            listening.set_value(entered);
            return finish(entered);
        }
        listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        ::inet_pton(AF_INET, toAddress.toLatin1().constData(), &address.sin_addr);
        const int one = 1;
        ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 || ::listen(listener, 1) != 0) {
            const QString error = lastError("server bind/listen");
            listening.set_value(error);
            return finish(error);
        }
        listening.set_value(QString());
        pollfd waiting{listener, POLLIN, 0};
        if (::poll(&waiting, 1, kSocketTimeoutSeconds * 1000) != 1)
            return finish(QStringLiteral("server: no connection within %1 s").arg(kSocketTimeoutSeconds));
        sockaddr_in peer{};
        socklen_t peerLength = sizeof peer;
        const int connection = ::accept4(listener, reinterpret_cast<sockaddr *>(&peer), &peerLength, SOCK_CLOEXEC);
        if (connection < 0)
            return finish(lastError("server accept"));
        char peerText[INET_ADDRSTRLEN] = {};
        ::inet_ntop(AF_INET, &peer.sin_addr, peerText, sizeof peerText);
        received.peer = QString::fromLatin1(peerText);
        setTimeouts(connection);
        Fnv hash;
        static unsigned char buffer[1 << 16];
        for (;;) {
            const ssize_t n = ::recv(connection, buffer, sizeof buffer, 0);
            if (n == 0)
                break;
            if (n < 0) {
                received.error = lastError("server recv");
                break;
            }
            hash.add(buffer, size_t(n));
            received.bytes += n;
        }
        received.hash = hash.value;
        ::close(connection);
        ::close(listener);
    });

    Sent sent;
    std::thread client([&] {
        if (const QString ready = listening.get_future().get(); !ready.isEmpty()) {
            sent.error = QStringLiteral("server not listening: ") + ready;
            return;
        }
        if (const QString entered = enter(fromPath); !entered.isEmpty()) {
            sent.error = entered;
            return;
        }
        const int sock = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (sock < 0) {
            sent.error = lastError("client socket");
            return;
        }
        setTimeouts(sock); // SO_SNDTIMEO bounds connect() as well
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        ::inet_pton(AF_INET, toAddress.toLatin1().constData(), &address.sin_addr);
        if (::connect(sock, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
            sent.error = lastError("client connect");
            ::close(sock);
            return;
        }
        Fnv hash;
        static unsigned char chunk[1 << 16];
        while (sent.bytes < bytes && sent.error.isEmpty()) {
            const size_t length = size_t(std::min<qint64>(sizeof chunk, bytes - sent.bytes));
            for (size_t i = 0; i < length; ++i) {
                const quint64 at = quint64(sent.bytes) + i;
                chunk[i] = static_cast<unsigned char>((at * 131) ^ (at >> 9));
            }
            size_t done = 0;
            while (done < length) {
                const ssize_t n = ::send(sock, chunk + done, length - done, MSG_NOSIGNAL);
                if (n <= 0) {
                    sent.error = lastError("client send");
                    break;
                }
                done += size_t(n);
            }
            hash.add(chunk, done);
            sent.bytes += qint64(done);
        }
        sent.hash = hash.value;
        ::shutdown(sock, SHUT_WR);
        // Wait for the server's close: then every byte was acknowledged, and tcp_info is final.
        unsigned char drain[256];
        while (::recv(sock, drain, sizeof drain, 0) > 0) {
        }
        socklen_t infoLength = sizeof sent.info;
        ::getsockopt(sock, IPPROTO_TCP, TCP_INFO, &sent.info, &infoLength);
        ::close(sock);
    });
    client.join();
    server.join();
    return {sent, received};
}


} // namespace tartan::test
