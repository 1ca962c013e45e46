#include "labrelay.h"

#include "labnetns.h"

#include <QFile>

#include <array>
#include <chrono>
#include <thread>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tartan::cli {

namespace {

constexpr size_t kBufferSize = 64 * 1024;
constexpr int kConnectTimeoutMs = 3000;
constexpr int kPollMs = 500; // how often a waiting loop looks at the stop flag

std::atomic<bool> gStop{false};

void requestStop(int)
{
    gStop = true;
}

/// stderr is the relay's log file (see LabProcess::spawn); one fprintf per line keeps the
/// connection threads' lines whole.
void log(const QString &line)
{
    std::fprintf(stderr, "relay: %s\n", line.toLocal8Bit().constData());
    std::fflush(stderr);
}

QString lastError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

/// One direction of a connection: what was read from `from` and not yet written to `to`.
struct Flow
{
    int from;
    int to;
    std::array<char, kBufferSize> buffer{};
    size_t begin = 0;
    size_t end = 0;
    bool ended = false;     ///< `from` sent its last byte
    bool passedOn = false;  ///< and `to` was told (shutdown SHUT_WR)

    bool pending() const { return begin < end; }
    bool done() const { return ended && !pending(); }
};

short &eventsFor(pollfd (&fds)[2], int fd)
{
    return fds[0].fd == fd ? fds[0].events : fds[1].events;
}

short reventsFor(const pollfd (&fds)[2], int fd)
{
    return fds[0].fd == fd ? fds[0].revents : fds[1].revents;
}

/// Moves what it can; false when the connection is broken (reset, an error).
bool step(Flow &flow, const pollfd (&fds)[2])
{
    if (!flow.pending() && !flow.ended && (reventsFor(fds, flow.from) & (POLLIN | POLLHUP | POLLERR))) {
        const ssize_t got = ::recv(flow.from, flow.buffer.data(), flow.buffer.size(), 0);
        if (got > 0) {
            flow.begin = 0;
            flow.end = size_t(got);
        } else if (got == 0) {
            flow.ended = true;
        } else if (errno != EAGAIN && errno != EINTR) {
            return false;
        }
    }
    if (flow.pending() && (reventsFor(fds, flow.to) & (POLLOUT | POLLHUP | POLLERR))) {
        const ssize_t sent = ::send(flow.to, flow.buffer.data() + flow.begin, flow.end - flow.begin, MSG_NOSIGNAL);
        if (sent > 0)
            flow.begin += size_t(sent);
        else if (sent < 0 && errno != EAGAIN && errno != EINTR)
            return false;
    }
    if (flow.done() && !flow.passedOn) {
        ::shutdown(flow.to, SHUT_WR); // a half-close goes on: the peer sees the end of the stream
        flow.passedOn = true;
    }
    return true;
}

} // namespace

LabRelay::LabRelay(int listenFd, QString netns, QString host, quint16 port)
    : mListenFd(listenFd), mNetns(std::move(netns)), mHost(std::move(host)), mPort(port)
{
}

LabRelay::~LabRelay()
{
    if (mNetnsFd >= 0)
        ::close(mNetnsFd);
    if (mListenFd >= 0)
        ::close(mListenFd);
}

Result<int> LabRelay::listenOnLoopback(quint16 *port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Error(QStringLiteral("relay socket: %1").arg(lastError()));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK); // loopback only: the lab is this machine's
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 || ::listen(fd, 64) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        const QString why = lastError();
        ::close(fd);
        return Error(QStringLiteral("relay listening on 127.0.0.1: %1").arg(why));
    }
    *port = ntohs(address.sin_port);
    return fd;
}

int LabRelay::run()
{
    int accepting = 0;
    socklen_t length = sizeof accepting;
    if (::getsockopt(mListenFd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) != 0 || !accepting) {
        log(QStringLiteral("fd %1 is not a listening socket (the relay is started by `tartanctl lab up`)").arg(mListenFd));
        return 1;
    }
    const QString netnsPath = LabNetns::path(mNetns);
    mNetnsFd = ::open(QFile::encodeName(netnsPath).constData(), O_RDONLY | O_CLOEXEC);
    if (mNetnsFd < 0) {
        log(QStringLiteral("opening %1: %2").arg(netnsPath, lastError()));
        return 1;
    }
    ::fcntl(mListenFd, F_SETFL, ::fcntl(mListenFd, F_GETFL) | O_NONBLOCK);

    struct sigaction stop{};
    stop.sa_handler = requestStop; // no SA_RESTART: poll() returns and the loop sees the flag
    ::sigaction(SIGTERM, &stop, nullptr);
    ::sigaction(SIGINT, &stop, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    sockaddr_in local{};
    length = sizeof local;
    ::getsockname(mListenFd, reinterpret_cast<sockaddr *>(&local), &length);
    log(QStringLiteral("127.0.0.1:%1 -> %2:%3 in netns %4").arg(ntohs(local.sin_port)).arg(mHost).arg(mPort).arg(mNetns));

    struct stat ignored{};
    while (!gStop) {
        if (::stat(QFile::encodeName(netnsPath).constData(), &ignored) != 0) {
            log(QStringLiteral("%1 is gone: the lab was removed, stopping").arg(netnsPath));
            break;
        }
        pollfd waiting{mListenFd, POLLIN, 0};
        if (::poll(&waiting, 1, 1000) <= 0)
            continue;
        const int client = ::accept4(mListenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (client < 0)
            continue;
        if (mActive >= kMaxConnections) {
            log(QStringLiteral("%1 connections open already; refusing one").arg(kMaxConnections));
            ::close(client);
            continue;
        }
        ++mActive;
        std::thread([this, client] {
            serve(client);
            --mActive;
        }).detach();
    }
    gStop = true;
    // The connection threads see the flag within kPollMs; give them that long to close cleanly.
    for (int i = 0; i < 20 && mActive > 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return 0;
}

int LabRelay::connectInside()
{
    // This thread alone moves into the lab's underlay; the socket stays there for its lifetime.
    if (::setns(mNetnsFd, CLONE_NEWNET) != 0) {
        log(QStringLiteral("joining netns %1: %2").arg(mNetns, lastError()));
        return -1;
    }
    const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (server < 0) {
        log(QStringLiteral("socket in netns %1: %2").arg(mNetns, lastError()));
        return -1;
    }
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_port = htons(mPort);
    ::inet_pton(AF_INET, mHost.toLatin1().constData(), &target.sin_addr);
    if (::connect(server, reinterpret_cast<sockaddr *>(&target), sizeof target) != 0 && errno != EINPROGRESS) {
        log(QStringLiteral("connecting to %1:%2: %3").arg(mHost).arg(mPort).arg(lastError()));
        ::close(server);
        return -1;
    }
    pollfd connecting{server, POLLOUT, 0};
    int error = 0;
    socklen_t length = sizeof error;
    if (::poll(&connecting, 1, kConnectTimeoutMs) != 1 || ::getsockopt(server, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
        log(QStringLiteral("connecting to %1:%2: %3").arg(mHost).arg(mPort)
                .arg(error ? QString::fromLocal8Bit(std::strerror(error)) : QStringLiteral("timed out")));
        ::close(server);
        return -1;
    }
    return server;
}

void LabRelay::serve(int client)
{
    const int server = connectInside();
    if (server < 0) {
        ::close(client);
        return;
    }
    const int noDelay = 1; // etcd's requests are small; do not hold them back
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof noDelay);
    ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof noDelay);

    auto up = std::make_unique<Flow>(Flow{client, server});
    auto down = std::make_unique<Flow>(Flow{server, client});
    while (!gStop && !(up->done() && down->done())) {
        pollfd fds[2] = {{client, 0, 0}, {server, 0, 0}};
        for (Flow *flow : {up.get(), down.get()}) {
            if (flow->pending())
                eventsFor(fds, flow->to) |= POLLOUT;
            else if (!flow->ended)
                eventsFor(fds, flow->from) |= POLLIN;
        }
        const int ready = ::poll(fds, 2, kPollMs);
        if (ready < 0 && errno != EINTR)
            break;
        if (ready <= 0)
            continue;
        // An error or reset on either side ends the connection; what is still buffered has nowhere to go.
        if ((fds[0].revents | fds[1].revents) & (POLLNVAL | POLLERR))
            break;
        if (!step(*up, fds) || !step(*down, fds))
            break;
    }
    ::close(server);
    ::close(client);
}

} // namespace tartan::cli
