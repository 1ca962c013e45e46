#include "netlinksocket.h"

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>

namespace tartan::netlink {

namespace {

// Requests packed into one sendmsg(). Every ack is a datagram of its own that waits in the
// receive buffer until we read it after the send returns; if the buffer fills, the kernel drops
// acks (and sets ENOBUFS). 128 acks fit the default 208 KiB buffer even when they carry error
// text, so a batch works without the larger buffer open() asks for.
constexpr qsizetype kMaxMessagesPerSend = 128;
constexpr qsizetype kMaxBytesPerSend = 32 * 1024;
// The receive buffer open() asks for (root only: SO_RCVBUFFORCE), for dumps and replies.
constexpr int kReceiveBufferBytes = 1024 * 1024;
// A dump datagram is at most 32 KiB (the kernel's cap); any larger buffer never truncates.
constexpr std::size_t kReadBufferBytes = 64 * 1024;
constexpr int kReceiveTimeoutSeconds = 10;

void setOption(int fd, int level, int name, int value)
{
    // Best effort: every option here has a fallback (older kernels lack extended acks).
    (void)setsockopt(fd, level, name, &value, sizeof value);
}

// The kernel's NLMSGERR_ATTR_MSG, when the error carries extended-ack TLVs.
QString extendedAckText(const nlmsghdr *header)
{
    if (!(header->nlmsg_flags & NLM_F_ACK_TLVS))
        return {};
    const auto *error = static_cast<const nlmsgerr *>(NLMSG_DATA(header));
    // Capped acks echo only the request's header; uncapped ones echo the whole request.
    const std::size_t echoed =
        (header->nlmsg_flags & NLM_F_CAPPED) ? sizeof(nlmsghdr) : std::size_t(error->msg.nlmsg_len);
    const std::size_t offset = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int) + echoed);
    if (offset >= header->nlmsg_len)
        return {};
    const auto *attributes = reinterpret_cast<const nlattr *>(reinterpret_cast<const char *>(header) + offset);
    const nlattr *text = nla_find(attributes, static_cast<int>(header->nlmsg_len - offset), NLMSGERR_ATTR_MSG);
    if (!text || nla_len(text) <= 0)
        return {};
    const auto *bytes = static_cast<const char *>(nla_data(text));
    return QString::fromUtf8(bytes, static_cast<qsizetype>(strnlen(bytes, static_cast<std::size_t>(nla_len(text)))))
        .trimmed();
}

NetlinkSocket::DumpHook &dumpHook()
{
    static NetlinkSocket::DumpHook hook;
    return hook;
}

void parsedObject(nl_object *object, void *handler)
{
    (*static_cast<const NetlinkSocket::ObjectHandler *>(handler))(object);
}

} // namespace

void NetlinkSocket::SocketFree::operator()(nl_sock *socket) const
{
    nl_socket_free(socket);
}

NetlinkSocket::NetlinkSocket(NetlinkSocket &&) noexcept = default;
NetlinkSocket &NetlinkSocket::operator=(NetlinkSocket &&) noexcept = default;
NetlinkSocket::~NetlinkSocket() = default;

NlResult<NetlinkSocket> NetlinkSocket::open()
{
    const QString operation = QStringLiteral("open netlink route socket");
    // libnl gives every message it builds a whole page by default: a batch of 30,000 requests would
    // hold 120 MB. The largest request Tartan builds (a vxlan link with every attribute) is a few
    // hundred bytes; an attribute that did not fit would fail loudly (NLE_NOMEM), never silently.
    nlmsg_set_default_size(1024);
    NetlinkSocket socket;
    socket.mSocket.reset(nl_socket_alloc());
    if (!socket.mSocket)
        return NetlinkError::fromLibnl(NLE_NOMEM, operation, {});
    if (const int rc = nl_connect(socket.handle(), NETLINK_ROUTE); rc < 0)
        return NetlinkError::fromLibnl(rc, operation, {});

    const int fd = nl_socket_get_fd(socket.handle());
    setOption(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1);
    // Acks echo only the request's header: a batch's acks take a fraction of the buffer.
    setOption(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1);
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kReceiveBufferBytes, sizeof kReceiveBufferBytes) != 0)
        setOption(fd, SOL_SOCKET, SO_RCVBUF, kReceiveBufferBytes); // not root: capped by rmem_max
    const timeval timeout{kReceiveTimeoutSeconds, 0};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) != 0)
        return NetlinkError::fromErrno(errno, operation, QStringLiteral("(receive timeout)"));
    socket.mBuffer.resize(kReadBufferBytes);
    return socket;
}

NetlinkSocket::MessageBuilder NetlinkSocket::dumpRequest(int type, const void *header, std::size_t size)
{
    const QByteArray payload(static_cast<const char *>(header), static_cast<qsizetype>(size));
    return [type, payload]() -> NlResult<NlMsgPtr> {
        NlMsgPtr message(nlmsg_alloc_simple(type, NLM_F_DUMP));
        if (!message || nlmsg_append(message.get(), const_cast<char *>(payload.constData()),
                                     static_cast<std::size_t>(payload.size()), NLMSG_ALIGNTO) < 0) {
            return NetlinkError::fromLibnl(NLE_NOMEM, QStringLiteral("build dump request"), {});
        }
        return message;
    };
}

NlStatus NetlinkSocket::request(NlMsgPtr message, const QString &operation, const QString &object)
{
    return get(std::move(message), operation, object, {});
}

NlStatus NetlinkSocket::get(NlMsgPtr message, const QString &operation, const QString &object,
                            const ObjectHandler &onObject)
{
    std::vector<NlMsgPtr> messages;
    messages.push_back(std::move(message));
    bool interrupted = false;
    const auto replies = exchange(messages, onObject, &interrupted);
    if (!replies)
        return replies.error().relabelled(operation, object);
    const Reply &reply = replies->first();
    if (reply.error != 0)
        return NetlinkError::fromErrno(reply.error, operation, object, reply.kernelMessage);
    return {};
}

NlStatus NetlinkSocket::dump(const MessageBuilder &build, const QString &operation, const QString &object,
                             const ObjectHandler &onObject, const std::function<void()> &onRestart)
{
    for (int attempt = 1; attempt <= kDumpAttempts; ++attempt) {
        auto message = build();
        if (!message)
            return message.error().relabelled(operation, object);
        std::vector<NlMsgPtr> messages;
        messages.push_back(std::move(message).value());
        bool interrupted = false;
        const auto replies = exchange(messages, onObject, &interrupted);
        if (!replies)
            return replies.error().relabelled(operation, object);
        if (const Reply &reply = replies->first(); reply.error != 0)
            return NetlinkError::fromErrno(reply.error, operation, object, reply.kernelMessage);
        if (const DumpHook &hook = dumpHook(); hook && hook(operation))
            interrupted = true;
        if (!interrupted)
            return {};
        ++mDumpRestarts;
        if (onRestart)
            onRestart();
    }
    return NetlinkError::fromLibnl(NLE_DUMP_INTR, operation,
                                   object + QStringLiteral(" (changed during %1 attempts)").arg(kDumpAttempts));
}

void NetlinkSocket::setDumpHookForTesting(DumpHook hook)
{
    dumpHook() = std::move(hook);
}

NlResult<QList<NetlinkSocket::Reply>> NetlinkSocket::transact(std::vector<NlMsgPtr> messages)
{
    return exchange(messages, {}, nullptr);
}

NlResult<QList<NetlinkSocket::Reply>> NetlinkSocket::exchange(std::vector<NlMsgPtr> &messages,
                                                               const ObjectHandler &onObject, bool *interrupted)
{
    const QString operation = QStringLiteral("send netlink requests");
    QList<Reply> replies(static_cast<qsizetype>(messages.size()));
    QHash<quint32, qsizetype> pending;
    QByteArray packed;
    packed.reserve(kMaxBytesPerSend);

    qsizetype next = 0;
    const auto total = static_cast<qsizetype>(messages.size());
    while (next < total) {
        packed.clear();
        pending.clear();
        // Several requests per sendmsg(): the kernel walks the datagram message by message, acks
        // each one (errors too) and goes on after a failure, so one send stands for many requests.
        while (next < total && pending.size() < kMaxMessagesPerSend) {
            nl_msg *message = messages[static_cast<std::size_t>(next)].get();
            nl_complete_msg(handle(), message); // sequence number, port, NLM_F_REQUEST | NLM_F_ACK
            const nlmsghdr *header = nlmsg_hdr(message);
            const qsizetype length = NLMSG_ALIGN(header->nlmsg_len);
            if (!packed.isEmpty() && packed.size() + length > kMaxBytesPerSend)
                break;
            packed.append(reinterpret_cast<const char *>(header), static_cast<qsizetype>(header->nlmsg_len));
            packed.append(length - static_cast<qsizetype>(header->nlmsg_len), '\0');
            pending.insert(header->nlmsg_seq, next);
            ++next;
        }
        const int sent = nl_sendto(handle(), packed.data(), static_cast<std::size_t>(packed.size()));
        if (sent < 0)
            return NetlinkError::fromLibnl(sent, operation, {});
        if (const NlStatus received = receive(pending, replies, onObject, interrupted); !received)
            return received.error();
    }
    return replies;
}

NlStatus NetlinkSocket::receive(QHash<quint32, qsizetype> &pending, QList<Reply> &replies,
                                const ObjectHandler &onObject, bool *interrupted)
{
    const int fd = nl_socket_get_fd(handle());
    bool overrun = false;
    while (!pending.isEmpty()) {
        sockaddr_nl peer{};
        iovec vector{mBuffer.data(), mBuffer.size()};
        msghdr header{};
        header.msg_name = &peer;
        header.msg_namelen = sizeof peer;
        header.msg_iov = &vector;
        header.msg_iovlen = 1;
        // After an overrun, only what is already queued can still arrive: read without waiting.
        const ssize_t length = recvmsg(fd, &header, overrun ? MSG_DONTWAIT : 0);
        if (length < 0) {
            const int error = errno;
            if (error == EINTR)
                continue;
            if (error == ENOBUFS) {
                overrun = true; // the kernel dropped replies: those still pending never come
                continue;
            }
            const bool timedOut = error == EAGAIN || error == EWOULDBLOCK;
            if (overrun && timedOut)
                return NetlinkError::fromErrno(ENOBUFS, QStringLiteral("receive netlink replies"),
                                               QStringLiteral("(%1 replies lost)").arg(pending.size()));
            return NetlinkError::fromErrno(timedOut ? ETIMEDOUT : error, QStringLiteral("receive netlink replies"),
                                           QStringLiteral("(%1 outstanding)").arg(pending.size()));
        }
        if (header.msg_flags & MSG_TRUNC)
            return NetlinkError::fromLibnl(NLE_MSG_TRUNC, QStringLiteral("receive netlink replies"), {});
        if (peer.nl_pid != 0)
            continue; // not from the kernel
        dispatch(mBuffer.data(), length, pending, replies, onObject, interrupted);
    }
    return {};
}

void NetlinkSocket::dispatch(const char *data, qsizetype length, QHash<quint32, qsizetype> &pending,
                             QList<Reply> &replies, const ObjectHandler &onObject, bool *interrupted)
{
    auto remaining = static_cast<int>(length);
    for (auto *header = reinterpret_cast<nlmsghdr *>(const_cast<char *>(data)); NLMSG_OK(header, remaining);
         header = NLMSG_NEXT(header, remaining)) {
        const auto slot = pending.constFind(header->nlmsg_seq);
        if (slot == pending.cend())
            continue; // a late reply to a request we gave up on
        if ((header->nlmsg_flags & NLM_F_DUMP_INTR) && interrupted)
            *interrupted = true;

        switch (header->nlmsg_type) {
        case NLMSG_NOOP:
        case NLMSG_OVERRUN:
            break;
        case NLMSG_ERROR: {
            Reply &reply = replies[*slot];
            if (header->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr))) {
                reply.error = -EBADMSG;
            } else {
                reply.error = static_cast<const nlmsgerr *>(NLMSG_DATA(header))->error;
                if (reply.error != 0)
                    reply.kernelMessage = extendedAckText(header);
            }
            pending.erase(slot);
            break;
        }
        case NLMSG_DONE: {
            // A dump's end; a dump that failed half-way carries the negative errno here.
            int status = 0;
            if (header->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
                std::memcpy(&status, NLMSG_DATA(header), sizeof status);
            replies[*slot].error = status < 0 ? status : 0;
            pending.erase(slot);
            break;
        }
        default:
            if (onObject) {
                // libnl parses the message into its object (link, route, neighbour, address).
                NlMsgPtr message(nlmsg_convert(header));
                if (message) {
                    nlmsg_set_proto(message.get(), NETLINK_ROUTE);
                    (void)nl_msg_parse(message.get(), &parsedObject, const_cast<ObjectHandler *>(&onObject));
                }
            }
            break;
        }
    }
}

} // namespace tartan::netlink
