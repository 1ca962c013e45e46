// tartand's cold start and its peak memory against a store of N vxlan peers, beside iproute2
// applying the same entries, all inside a private network and mount namespace (isolateProcess()):
//   yardstick   a fresh namespace with the node's underlay address and a flannel.1 already made:
//               `ip -batch` of the N neighbours and N routes, then `bridge -batch` of the N FDB
//               entries, timed together from the first process start to the last exit
//   cold start  a fresh node namespace of a Lab (etcd on the lab bridge holding the config and N
//               peer leases): from starting `ip netns exec nodeK tartand ...` until the kernel of
//               that namespace holds all 3N entries with the values the leases call for
//   peak RSS    VmHWM of the tartand process, read 1 s after it converged (so its follow-up pass
//               counts), just before it is stopped
//   updates     an agent converged on 1,000 peers; 1,000 new lease values (a new VtepMAC each)
//               written one put at a time; from the answer to the last put until every neighbour
//               and FDB entry shows the new MACs and no FDB entry the old ones
// The kernel is watched through netlink notifications (RTNLGRP_IPV4_ROUTE, RTNLGRP_NEIGH) read by
// a thread in the namespace: no polling, the moment of the last needed notification is the end of
// the measurement, and the watcher's CPU time is printed beside the figures. The same watcher runs
// during the yardstick, so both pay for one more netlink listener.
// Usage (root): bench_agent [--sizes 1000,10000] [--repetitions 3]
// Where the agent's memory goes (its timing is then meaningless, its RSS reads -1):
//   TARTAN_LAB_AGENT_WRAPPER="valgrind --tool=massif --massif-out-file=/var/tmp/massif.%p"
//   bench_agent --sizes 10000 --repetitions 1 --updates 0    (with that variable set), then
//   ms_print /var/tmp/massif.*
#include "blockingcall.h"
#include "etcdclient.h"
#include "lab.h"
#include "leaseattrs.h"
#include "netns.h"
#include "storelayout.h"
#include "version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <mutex>
#include <optional>
#include <poll.h>
#include <sched.h>
#include <string>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

using namespace tartan;
using namespace tartan::test;
using Clock = std::chrono::steady_clock;

namespace {

const StoreLayout kLayout{QString::fromLatin1(Lab::kPrefix)};
const QByteArray kConfig = R"({"Network":"10.0.0.0/8","SubnetLen":24,"Backend":{"Type":"vxlan"}})";
constexpr int kMaxPeers = 60000; // peer subnets 10.1.0.0/24 on, PublicIPs 172.16.0.1 on (see peer())
// Long enough for an agent whose cold start grows quadratically with the peers.
constexpr std::chrono::seconds kAgentTimeout{300};

double msBetween(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

QString runs(const std::vector<double> &values)
{
    QStringList parts;
    for (double value : values)
        parts << QString::number(value, 'f', 1);
    return parts.join(QStringLiteral(", "));
}

// ---- the peers and what they mean for the kernel ---------------------------------------------

/// Peer n (0-based): subnet 10.(1 + n/256).(n%256).0/24, PublicIP 172.16.(n/250).(n%250 + 1) (not
/// on-link: a VXLAN FDB destination need not answer), VtepMAC 02:<generation>:00:<n, 3 bytes>.
struct Peer
{
    std::uint32_t subnet;   // host order
    std::uint32_t publicIp; // host order
    MacAddress mac;
};

Peer peer(int n, int generation)
{
    const auto u = static_cast<std::uint32_t>(n);
    const MacAddress mac(MacAddress::Bytes{0x02, std::uint8_t(generation), 0x00, std::uint8_t(u >> 16), std::uint8_t(u >> 8), std::uint8_t(u)});
    return {(10u << 24) | ((1 + u / 256) << 16) | ((u % 256) << 8), (172u << 24) | (16u << 16) | ((u / 250) << 8) | (u % 250 + 1), mac};
}

std::string ipText(std::uint32_t hostOrder)
{
    const std::uint32_t net = htonl(hostOrder);
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &net, text, sizeof text);
    return text;
}

std::string macText(const unsigned char *bytes)
{
    char text[18];
    std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]);
    return text;
}

std::string macText(const MacAddress &mac)
{
    return macText(mac.bytes().data());
}

/// Key -> the part of an entry the leases decide. Keys: "route 10.1.0.0/24", "neigh 10.1.0.0",
/// "fdb 02:00:00:00:00:00". The watcher describes what it reads in the same words.
using Expected = std::unordered_map<std::string, std::string>;

std::string routeKey(std::uint32_t subnet) { return "route " + ipText(subnet) + "/24"; }
std::string neighKey(std::uint32_t subnet) { return "neigh " + ipText(subnet); }
std::string fdbKey(const std::string &mac) { return "fdb " + mac; }
std::string routeValue(const std::string &gateway, bool onlink) { return "via " + gateway + (onlink ? " onlink" : ""); }
std::string neighValue(const std::string &mac, bool permanent) { return "lladdr " + mac + (permanent ? " permanent" : ""); }
std::string fdbValue(const std::string &destination, bool permanent) { return "dst " + destination + (permanent ? " permanent" : ""); }

/// flannel's three entries per vxlan peer: neighbour subnet address -> VtepMAC, FDB VtepMAC ->
/// PublicIP, route subnet via subnet address onlink, all on flannel.1.
Expected expectedTables(int peers, int generation)
{
    Expected expected;
    expected.reserve(3 * peers);
    for (int n = 0; n < peers; ++n) {
        const Peer p = peer(n, generation);
        expected[neighKey(p.subnet)] = neighValue(macText(p.mac), true);
        expected[fdbKey(macText(p.mac))] = fdbValue(ipText(p.publicIp), true);
        expected[routeKey(p.subnet)] = routeValue(ipText(p.subnet), true);
    }
    return expected;
}

/// The same entries as iproute2 commands: `ip -batch` (neighbours, then routes) and `bridge -batch`.
std::pair<QByteArray, QByteArray> iproute2Batches(int peers, int generation)
{
    std::string ip, bridge;
    for (int n = 0; n < peers; ++n) {
        const Peer p = peer(n, generation);
        ip += "neigh add " + ipText(p.subnet) + " lladdr " + macText(p.mac) + " dev flannel.1 nud permanent\n";
        bridge += "fdb add " + macText(p.mac) + " dev flannel.1 dst " + ipText(p.publicIp) + " self permanent\n";
    }
    for (int n = 0; n < peers; ++n) {
        const std::string subnet = ipText(peer(n, generation).subnet);
        ip += "route add " + subnet + "/24 via " + subnet + " dev flannel.1 onlink\n";
    }
    return {QByteArray::fromStdString(ip), QByteArray::fromStdString(bridge)};
}

// ---- the store ---------------------------------------------------------------------------------

QByteArray leaseKey(int n)
{
    return kLayout.subnetKey(SubnetKey{IpNetwork(IpAddress::fromV4(peer(n, 0).subnet), 24), {}});
}

QByteArray leaseValue(int n, int generation)
{
    const Peer p = peer(n, generation);
    LeaseAttrs attrs;
    attrs.publicIp = IpAddress::fromV4(p.publicIp);
    attrs.backendType = QStringLiteral("vxlan");
    VxlanBackendData data;
    data.vni = 1;
    data.vtepMac = p.mac;
    attrs.backendData = data.toJson();
    return attrs.encode();
}

/// Empties `<prefix>/subnets/` and writes `peers` leases of `generation` in transactions of 100 puts.
Status resetStore(EtcdClient &client, int peers, int generation)
{
    auto deleted = blockingCall<etcd::DeleteRangeResponse>([&](const QObject *c, auto cb) {
        client.deleteRange(etcd::DeleteRangeRequest::withPrefix(kLayout.subnetsPrefix()), c, cb);
    });
    if (!deleted)
        return deleted.error();
    for (int first = 0; first < peers; first += 100) {
        etcd::TxnRequest txn;
        for (int n = first; n < std::min(peers, first + 100); ++n) {
            etcd::PutRequest put;
            put.key = leaseKey(n);
            put.value = leaseValue(n, generation);
            txn.success.append(put);
        }
        auto done = blockingCall<etcd::TxnResponse>([&](const QObject *c, auto cb) { client.txn(txn, c, cb); });
        if (!done)
            return done.error();
    }
    return {};
}

Status putOne(EtcdClient &client, int n, int generation)
{
    etcd::PutRequest put;
    put.key = leaseKey(n);
    put.value = leaseValue(n, generation);
    auto done = blockingCall<etcd::PutResponse>([&](const QObject *c, auto cb) { client.put(put, c, cb); });
    return done ? Status() : Status(done.error());
}

// ---- the kernel, through netlink notifications ---------------------------------------------------

/// One entry as read: `essential` in Expected's words; `detail` adds what each program fills in by
/// itself (protocol, scope, type, flags, state), for comparing the agent's tables with iproute2's.
struct Entry
{
    std::string essential;
    std::string detail;
};
using Table = std::unordered_map<std::string, Entry>;

/// Follows the IPv4 routes (main table, inside 10.0.0.0/8), IPv4 neighbours (inside 10.0.0.0/8)
/// and VXLAN FDB entries (those with a destination) of one named namespace, from a thread of its
/// own that lives in that namespace: a dump at start (and after a receive-buffer overrun), then
/// notifications. Compares them with an Expected and notes the moment they first match exactly
/// (every expected key with its value, nothing more).
class KernelWatch
{
public:
    explicit KernelWatch(QString netns) : mNetns(std::move(netns)) {}
    ~KernelWatch()
    {
        mStop = true;
        if (mThread.joinable())
            mThread.join();
    }
    KernelWatch(const KernelWatch &) = delete;
    KernelWatch &operator=(const KernelWatch &) = delete;

    /// Subscribes and reads the initial state; returns when the thread is watching.
    Status start()
    {
        mThread = std::thread([this] { run(); });
        std::unique_lock lock(mMutex);
        mChanged.wait(lock, [&] { return mReady || !mError.empty(); });
        return mError.empty() ? Status() : Status(Error(QString::fromStdString(mError)));
    }

    /// From now on, converged means "holds exactly `expected`"; the convergence time is reset.
    void expect(Expected expected)
    {
        std::lock_guard lock(mMutex);
        mExpected = std::move(expected);
        mMatched = mExtra = 0;
        for (const auto &[key, entry] : mTable)
            count(key, entry, +1);
        mConvergedAt.reset();
        if (converged())
            mConvergedAt = Clock::now();
    }

    std::optional<Clock::time_point> waitConverged(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(mMutex);
        mChanged.wait_for(lock, timeout, [&] { return mConvergedAt.has_value() || !mError.empty(); });
        return mConvergedAt;
    }

    struct Progress
    {
        size_t matched = 0;  ///< expected entries present with the expected value
        size_t expected = 0;
        size_t extra = 0;    ///< entries no expected key names (an old VtepMAC's FDB entry, say)
    };
    Progress progress() const
    {
        std::lock_guard lock(mMutex);
        return {mMatched, mExpected.size(), mExtra};
    }
    Table snapshot() const
    {
        std::lock_guard lock(mMutex);
        return mTable;
    }
    double cpuMs() const { return mCpuNs.load() / 1e6; }
    int overruns() const { return mOverruns.load(); }
    QString error() const
    {
        std::lock_guard lock(mMutex);
        return QString::fromStdString(mError);
    }

private:
    bool converged() const { return mMatched == mExpected.size() && mExtra == 0; }

    void count(const std::string &key, const Entry &entry, int sign)
    {
        const auto wanted = mExpected.find(key);
        if (wanted == mExpected.end())
            mExtra += sign;
        else if (wanted->second == entry.essential)
            mMatched += sign;
    }

    // Under mMutex.
    void set(const std::string &key, std::optional<Entry> entry)
    {
        const auto old = mTable.find(key);
        if (old != mTable.end()) {
            count(key, old->second, -1);
            if (!entry) {
                mTable.erase(old);
                return;
            }
            old->second = std::move(*entry);
            count(key, old->second, +1);
        } else if (entry) {
            count(key, *entry, +1);
            mTable.emplace(key, std::move(*entry));
        }
    }

    void fail(const std::string &what)
    {
        std::lock_guard lock(mMutex);
        mError = what + ": " + std::strerror(errno);
        mChanged.notify_all();
    }

    static bool inTen8(const unsigned char *address) { return address[0] == 10; }

    // Under mMutex. Route and neighbour messages, new or deleted, dumped or notified.
    void apply(const nlmsghdr *message)
    {
        const bool removed = message->nlmsg_type == RTM_DELROUTE || message->nlmsg_type == RTM_DELNEIGH;
        if (message->nlmsg_type == RTM_NEWROUTE || message->nlmsg_type == RTM_DELROUTE) {
            const auto *rtm = static_cast<const rtmsg *>(NLMSG_DATA(message));
            if (rtm->rtm_family != AF_INET)
                return;
            std::uint32_t table = rtm->rtm_table, priority = 0;
            const unsigned char *dst = nullptr, *gateway = nullptr;
            int length = int(RTM_PAYLOAD(message));
            for (const rtattr *a = RTM_RTA(rtm); RTA_OK(a, length); a = RTA_NEXT(a, length)) {
                if (a->rta_type == RTA_TABLE)
                    std::memcpy(&table, RTA_DATA(a), 4);
                else if (a->rta_type == RTA_DST)
                    dst = static_cast<const unsigned char *>(RTA_DATA(a));
                else if (a->rta_type == RTA_GATEWAY)
                    gateway = static_cast<const unsigned char *>(RTA_DATA(a));
                else if (a->rta_type == RTA_PRIORITY)
                    std::memcpy(&priority, RTA_DATA(a), 4);
            }
            if (table != RT_TABLE_MAIN || rtm->rtm_type != RTN_UNICAST || !dst || !inTen8(dst))
                return;
            char address[INET_ADDRSTRLEN], net[INET_ADDRSTRLEN + 8], gw[INET_ADDRSTRLEN] = "-";
            inet_ntop(AF_INET, dst, address, sizeof address);
            std::snprintf(net, sizeof net, "%s/%u", address, unsigned(rtm->rtm_dst_len));
            if (gateway)
                inet_ntop(AF_INET, gateway, gw, sizeof gw);
            if (removed)
                return set(std::string("route ") + net, std::nullopt);
            Entry entry;
            entry.essential = routeValue(gw, rtm->rtm_flags & RTNH_F_ONLINK);
            char detail[96];
            std::snprintf(detail, sizeof detail, " proto %u scope %u flags 0x%x metric %u", rtm->rtm_protocol, rtm->rtm_scope, rtm->rtm_flags, priority);
            entry.detail = entry.essential + detail;
            return set(std::string("route ") + net, std::move(entry));
        }
        if (message->nlmsg_type != RTM_NEWNEIGH && message->nlmsg_type != RTM_DELNEIGH)
            return;
        const auto *ndm = static_cast<const ndmsg *>(NLMSG_DATA(message));
        const unsigned char *dst = nullptr, *lladdr = nullptr;
        int dstLength = 0, lladdrLength = 0;
        std::string extras;
        int length = int(message->nlmsg_len) - int(NLMSG_LENGTH(sizeof(ndmsg)));
        for (const rtattr *a = reinterpret_cast<const rtattr *>(reinterpret_cast<const char *>(ndm) + NLMSG_ALIGN(sizeof(ndmsg)));
             RTA_OK(a, length); a = RTA_NEXT(a, length)) {
            if (a->rta_type == NDA_DST) {
                dst = static_cast<const unsigned char *>(RTA_DATA(a));
                dstLength = int(RTA_PAYLOAD(a));
            } else if (a->rta_type == NDA_LLADDR) {
                lladdr = static_cast<const unsigned char *>(RTA_DATA(a));
                lladdrLength = int(RTA_PAYLOAD(a));
            } else if (a->rta_type == NDA_PORT || a->rta_type == NDA_VNI) {
                std::uint32_t value = 0;
                std::memcpy(&value, RTA_DATA(a), std::min<size_t>(4, RTA_PAYLOAD(a)));
                extras += (a->rta_type == NDA_PORT ? " port " : " vni ") + std::to_string(value);
            }
        }
        const bool permanent = ndm->ndm_state & NUD_PERMANENT;
        // `bridge fdb add` always sets NUD_NOARP; flannel's (and Tartan's) FDB entries are
        // NUD_PERMANENT alone, which iproute2 cannot express. The FDB state is compared without it.
        const unsigned state = ndm->ndm_family == AF_BRIDGE ? ndm->ndm_state & ~NUD_NOARP : ndm->ndm_state;
        char detail[64];
        std::snprintf(detail, sizeof detail, " state 0x%x flags 0x%x", state, ndm->ndm_flags);
        if (ndm->ndm_family == AF_INET && dst && dstLength == 4 && inTen8(dst)) {
            char address[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, dst, address, sizeof address);
            if (removed)
                return set(std::string("neigh ") + address, std::nullopt);
            Entry entry;
            entry.essential = neighValue(lladdr && lladdrLength == 6 ? macText(lladdr) : "-", permanent);
            entry.detail = entry.essential + detail;
            return set(std::string("neigh ") + address, std::move(entry));
        }
        if (ndm->ndm_family == AF_BRIDGE && dst && dstLength == 4 && lladdr && lladdrLength == 6) {
            const std::string key = fdbKey(macText(lladdr));
            if (removed)
                return set(key, std::nullopt);
            char destination[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, dst, destination, sizeof destination);
            Entry entry;
            entry.essential = fdbValue(destination, permanent);
            entry.detail = entry.essential + detail + extras;
            return set(key, std::move(entry));
        }
    }

    // Reads messages from `socket` into the table until NLMSG_DONE (dump) or until nothing is
    // waiting (notifications). False on a socket error, errno set.
    bool drain(int socket, bool dump, Clock::time_point *lastRead)
    {
        for (;;) {
            const ssize_t got = recv(socket, mBuffer.data(), mBuffer.size(), dump ? 0 : MSG_DONTWAIT);
            if (got < 0)
                return !dump && (errno == EAGAIN || errno == EWOULDBLOCK);
            const auto now = Clock::now();
            if (lastRead)
                *lastRead = now;
            std::lock_guard lock(mMutex);
            int length = int(got);
            for (const auto *m = reinterpret_cast<const nlmsghdr *>(mBuffer.data()); NLMSG_OK(m, length); m = NLMSG_NEXT(m, length)) {
                if (m->nlmsg_type == NLMSG_DONE || m->nlmsg_type == NLMSG_ERROR)
                    return true; // a dump ends with DONE (or an error, which leaves that table empty)
                if (m->nlmsg_flags & NLM_F_DUMP_INTR)
                    mDumpInterrupted = true;
                apply(m);
            }
            if (!mConvergedAt && converged()) {
                mConvergedAt = now;
                mChanged.notify_all();
            }
        }
    }

    // Forgets the table and dumps routes, neighbours and FDB entries again. The notifications
    // queued meanwhile are applied afterwards, so nothing that changes after the dump is missed.
    bool resync(int socket)
    {
        for (int attempt = 0; attempt < 5; ++attempt) {
            {
                std::lock_guard lock(mMutex);
                mTable.clear();
                mMatched = mExtra = 0;
                mDumpInterrupted = false;
            }
            const struct
            {
                std::uint16_t type;
                std::uint8_t family;
            } dumps[] = {{RTM_GETROUTE, AF_INET}, {RTM_GETNEIGH, AF_INET}, {RTM_GETNEIGH, AF_BRIDGE}};
            for (const auto &d : dumps) {
                struct
                {
                    nlmsghdr header;
                    ndmsg body; // rtmsg and ndmsg both start with the family; 12 bytes cover either
                } request{};
                static_assert(sizeof(ndmsg) >= sizeof(rtmsg));
                request.header.nlmsg_len = NLMSG_LENGTH(d.type == RTM_GETROUTE ? sizeof(rtmsg) : sizeof(ndmsg));
                request.header.nlmsg_type = d.type;
                request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
                request.header.nlmsg_seq = ++mSequence;
                request.body.ndm_family = d.family;
                if (send(socket, &request, request.header.nlmsg_len, 0) < 0 || !drain(socket, true, nullptr))
                    return false;
            }
            if (!mDumpInterrupted)
                return true;
        }
        return true; // tables that keep changing: the notifications set them right
    }

    void run()
    {
        const auto addCpu = [this] {
            timespec cpu{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
            mCpuNs = qint64(cpu.tv_sec) * 1000000000 + cpu.tv_nsec;
        };
        const std::string path = "/run/netns/" + mNetns.toStdString();
        const int netns = open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (netns < 0 || setns(netns, CLONE_NEWNET) != 0)
            return fail("entering " + path);
        close(netns);
        const int events = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        const int dumps = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        int bufferSize = 64 << 20; // 30,000 notifications queued before we read them fit
        sockaddr_nl address{};
        address.nl_family = AF_NETLINK;
        address.nl_groups = RTMGRP_IPV4_ROUTE | RTMGRP_NEIGH;
        if (events < 0 || dumps < 0 || setsockopt(events, SOL_SOCKET, SO_RCVBUFFORCE, &bufferSize, sizeof bufferSize) != 0 ||
            bind(events, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            return fail("netlink socket in " + mNetns.toStdString());
        mBuffer.resize(1 << 20);
        if (!resync(dumps))
            return fail("netlink dump in " + mNetns.toStdString());
        {
            std::lock_guard lock(mMutex);
            mReady = true;
            mChanged.notify_all();
        }
        while (!mStop) {
            pollfd fd{events, POLLIN, 0};
            if (poll(&fd, 1, 50) > 0) {
                Clock::time_point read;
                if (!drain(events, false, &read)) {
                    if (errno != ENOBUFS)
                        return fail("reading notifications in " + mNetns.toStdString());
                    ++mOverruns; // the kernel dropped some: read the whole state again
                    if (!resync(dumps))
                        return fail("netlink dump in " + mNetns.toStdString());
                }
            }
            addCpu();
        }
        close(events);
        close(dumps);
    }

    QString mNetns;
    std::thread mThread;
    std::atomic<bool> mStop{false};
    std::atomic<qint64> mCpuNs{0};
    std::atomic<int> mOverruns{0};
    std::vector<char> mBuffer;
    std::uint32_t mSequence = 0;
    bool mDumpInterrupted = false;

    mutable std::mutex mMutex;
    std::condition_variable mChanged;
    bool mReady = false;
    std::string mError;
    Table mTable;
    Expected mExpected;
    size_t mMatched = 0;
    size_t mExtra = 0;
    std::optional<Clock::time_point> mConvergedAt;
};

/// Where two tables differ, in at most `limit` lines (empty: identical, detail included).
QStringList differences(const Table &a, const Table &b, int limit = 5)
{
    QStringList lines;
    for (const auto &[key, entry] : a) {
        const auto other = b.find(key);
        if (other == b.end() || other->second.detail != entry.detail)
            lines << QString::fromStdString(key + ": agent " + entry.detail + " | iproute2 " + (other == b.end() ? "(none)" : other->second.detail));
        if (lines.size() >= limit)
            return lines;
    }
    for (const auto &[key, entry] : b)
        if (!a.count(key) && lines.size() < limit)
            lines << QString::fromStdString(key + ": agent (none) | iproute2 " + entry.detail);
    return lines;
}

// ---- processes ---------------------------------------------------------------------------------

/// The pid of node `dir`'s tartand: `ip netns exec` execs it, so it is the process whose command
/// line names that state dir.
int agentPid(const QString &stateDir)
{
    const QByteArray wanted = (QStringLiteral("--state-dir=") + stateDir).toUtf8();
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool number = false;
        const int pid = entry.toInt(&number);
        if (!number)
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> arguments = cmdline.readAll().split('\0');
        if (!arguments.isEmpty() && arguments.first().endsWith("/tartand") && arguments.contains(wanted))
            return pid;
    }
    return 0;
}

/// A /proc/<pid>/status field in kB ("VmHWM", "VmRSS"); -1 if unreadable.
long statusKb(int pid, const char *field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').first().toLong();
    return -1;
}

/// The machine's 1-minute load average: other work on it shows up in the timings.
QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()).section(u' ', 0, 0) : QStringLiteral("?");
}

QString firstLine(const QStringList &command)
{
    auto output = run(command);
    return output ? output->section(u'\n', 0, 0).trimmed() : QStringLiteral("?");
}

/// Runs the commands in order, stopping at the first failure (reported with its command).
Status runAll(const QList<QStringList> &commands)
{
    for (const QStringList &command : commands)
        if (auto done = run(command); !done)
            return done.error();
    return {};
}

// ---- the measurements --------------------------------------------------------------------------

struct YardstickRun
{
    double ms = -1;
    Table table;
    QString problem;
};

/// A fresh namespace shaped like a node with a flannel.1 as tartand makes it (VNI 1, port 8472,
/// nolearning, MTU 1450, up), then `ip -batch` and `bridge -batch` of the entries.
YardstickRun yardstick(const QString &name, const QString &underlay, int peers, const QTemporaryDir &dir)
{
    YardstickRun result;
    NamedNetns ns(name);
    if (!ns.ok())
        return {-1, {}, QStringLiteral("cannot create namespace %1").arg(name)};
    const QString n = ns.name();
    const QStringList ip{QStringLiteral("ip"), QStringLiteral("-n"), n};
    if (auto setUp = runAll({ip + QStringList{"link", "add", "eth0", "type", "veth", "peer", "name", "eth0-peer"},
                             ip + QStringList{"addr", "add", underlay + "/24", "dev", "eth0"},
                             ip + QStringList{"link", "set", "eth0-peer", "up"},
                             ip + QStringList{"link", "set", "eth0", "up"},
                             ip + QStringList{"link", "add", "flannel.1", "type", "vxlan", "id", "1", "local", underlay, "dev", "eth0",
                                              "dstport", "8472", "nolearning"},
                             ip + QStringList{"link", "set", "flannel.1", "mtu", "1450"},
                             ip + QStringList{"addr", "add", "10.255.255.0/32", "dev", "flannel.1"},
                             ip + QStringList{"link", "set", "flannel.1", "up"}});
        !setUp)
        return {-1, {}, setUp.error().message()};
    const auto [ipBatch, bridgeBatch] = iproute2Batches(peers, 0);
    const QString ipFile = dir.filePath(name + QStringLiteral(".ip")), bridgeFile = dir.filePath(name + QStringLiteral(".bridge"));
    for (const auto &[path, text] : {std::pair{ipFile, ipBatch}, std::pair{bridgeFile, bridgeBatch}}) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            return {-1, {}, QStringLiteral("cannot write %1").arg(path)};
    }
    KernelWatch watch(n);
    if (auto watching = watch.start(); !watching)
        return {-1, {}, watching.error().message()};
    watch.expect(expectedTables(peers, 0));

    const auto start = Clock::now();
    const auto ipDone = run(ip + QStringList{QStringLiteral("-batch"), ipFile}, 120000);
    const auto bridgeDone = run({QStringLiteral("bridge"), QStringLiteral("-n"), n, QStringLiteral("-batch"), bridgeFile}, 120000);
    result.ms = msBetween(start, Clock::now());
    if (!ipDone || !bridgeDone)
        result.problem = (!ipDone ? ipDone.error() : bridgeDone.error()).message();
    else if (!watch.waitConverged(std::chrono::seconds(10)))
        result.problem = QStringLiteral("the kernel does not hold the expected entries after ip/bridge -batch");
    result.table = watch.snapshot();
    // Deleting the device takes its entries along now, not in the kernel's deferred namespace
    // clean-up, where they would slow the next measurement (the neighbour table is global).
    (void)run(ip + QStringList{"link", "del", "flannel.1"});
    return result;
}

struct AgentRun
{
    double ms = -1; ///< -1: did not converge
    double rssMb = -1, currentRssMb = -1, anonMb = -1, fileMb = -1; ///< VmHWM; VmRSS, RssAnon, RssFile
    double watcherCpuMs = 0;
    int kernelLogLines = 0;
    Table table;
    KernelWatch::Progress progress;
    QString problem;
};

/// Starts tartand in node `node` and waits until its kernel holds `expected`.
AgentRun coldStart(Lab &lab, int node, const Expected &expected, KernelWatch &watch, std::chrono::seconds timeout)
{
    AgentRun result;
    watch.expect(expected);
    const auto start = Clock::now();
    if (auto started = lab.startAgent(node); !started) {
        result.problem = started.error().message();
        return result;
    }
    const auto converged = watch.waitConverged(timeout);
    result.progress = watch.progress();
    if (!converged) {
        result.problem = QStringLiteral("not converged after %1 s: %2 of %3 entries, %4 unexpected; %5")
                             .arg(timeout.count())
                             .arg(result.progress.matched)
                             .arg(result.progress.expected)
                             .arg(result.progress.extra)
                             .arg(watch.error());
        return result;
    }
    result.ms = msBetween(start, *converged);
    result.watcherCpuMs = watch.cpuMs();
    return result;
}

/// Peak and current RSS of node `node`'s tartand, 1 s after it converged.
void readMemory(const Lab &lab, int node, AgentRun &result)
{
    QThread::msleep(1000);
    if (const int pid = agentPid(lab.nodeDir(node))) {
        result.rssMb = statusKb(pid, "VmHWM") / 1024.0;
        result.currentRssMb = statusKb(pid, "VmRSS") / 1024.0;
        result.anonMb = statusKb(pid, "RssAnon") / 1024.0;
        result.fileMb = statusKb(pid, "RssFile") / 1024.0;
    }
}

void finishAgent(Lab &lab, int node, AgentRun &result, const KernelWatch &watch)
{
    result.table = watch.snapshot();
    lab.stopAgent(node);
    result.kernelLogLines = int(lab.agentLog(node).count(QStringLiteral("I tartand: kernel: ")));
    (void)lab.node(node).exec({QStringLiteral("ip"), QStringLiteral("link"), QStringLiteral("del"), QStringLiteral("flannel.1")});
}

/// Deletes node `node`'s own lease, so that the next node sees exactly the generated peers.
void forgetAgentLease(Lab &lab, int node, EtcdClient &client)
{
    auto subnet = lab.waitForSubnet(node, 100);
    if (!subnet)
        return;
    etcd::DeleteRangeRequest request;
    request.key = kLayout.subnetsPrefix() + subnet->toUtf8() + "-24";
    (void)blockingCall<etcd::DeleteRangeResponse>([&](const QObject *c, auto cb) { client.deleteRange(request, c, cb); });
}

QString verdict(bool pass)
{
    return pass ? QStringLiteral("PASS") : QStringLiteral("MISS");
}

int fail(const QString &what)
{
    std::fprintf(stderr, "bench_agent: %s\n", qPrintable(what));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    // Before any thread: everything below lives in a private network and mount namespace.
    if (const QString why = e2eUnavailableReason({QStringLiteral("bridge"), QStringLiteral("etcd"), QStringLiteral("etcdctl"),
                                                  QStringLiteral("iptables-restore")});
        !why.isEmpty())
        return fail(why);
    if (auto isolated = isolateProcess(); !isolated)
        return fail(QStringLiteral("cannot isolate the benchmark: ") + isolated.error().message());

    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("sizes"), QStringLiteral("Peer counts, comma-separated."), QStringLiteral("list"),
                                        QStringLiteral("1000,10000")));
    parser.addOption(QCommandLineOption(QStringLiteral("repetitions"), QStringLiteral("Runs per measurement."), QStringLiteral("n"),
                                        QStringLiteral("3")));
    parser.addOption(QCommandLineOption(QStringLiteral("updates"), QStringLiteral("Peers (and single-put updates) in the update test; 0 skips it."),
                                        QStringLiteral("n"), QStringLiteral("1000")));
    parser.addHelpOption();
    parser.process(app);
    std::vector<int> sizes;
    for (const QString &text : parser.value(QStringLiteral("sizes")).split(u',', Qt::SkipEmptyParts)) {
        const int size = text.trimmed().toInt();
        if (size < 1 || size > kMaxPeers)
            return fail(QStringLiteral("--sizes: %1 is not a peer count from 1 to %2").arg(text).arg(kMaxPeers));
        sizes.push_back(size);
    }
    const int repetitions = std::max(1, parser.value(QStringLiteral("repetitions")).toInt());
    const int updatePeers = std::clamp(parser.value(QStringLiteral("updates")).toInt(), 0, kMaxPeers);
    const int nodes = int(sizes.size()) * repetitions + (updatePeers > 0 ? 1 : 0);
    if (nodes > 240)
        return fail(QStringLiteral("%1 node namespaces needed; the lab's /24 holds 240").arg(nodes));

    Lab lab;
    if (auto started = lab.start(nodes, kConfig); !started)
        return fail(started.error().message());
    EtcdClientOptions options;
    options.endpoints = {QUrl(lab.etcdEndpoint())};
    options.requestTimeout = std::chrono::milliseconds(30000);
    auto client = EtcdClient::create(options);
    if (!client)
        return fail(client.error().message());
    QTemporaryDir dir;

    utsname host{};
    uname(&host);
    std::printf("agent cold-start benchmark: tartand %s (this build) vs %s `ip -batch` + `bridge -batch`\n", kVersion,
                qPrintable(firstLine({QStringLiteral("ip"), QStringLiteral("-V")})));
    std::printf("  setup: %s in an isolated netns on a lab bridge; config %s; peers are vxlan leases in flanneld's JSON\n"
                "         (distinct /24s from 10.1.0.0, PublicIPs from 172.16.0.1, one VtepMAC each): 3 kernel entries per peer\n"
                "         (neighbour, FDB, route on flannel.1); Linux %s, %u CPUs, load average %s; %d repetitions, median\n",
                qPrintable(firstLine({QStringLiteral("etcd"), QStringLiteral("--version")})), kConfig.constData(), host.release,
                std::thread::hardware_concurrency(), qPrintable(loadAverage()), repetitions);
    std::printf("  agent: from starting `ip netns exec nodeK tartand` in a fresh namespace until netlink notifications show all\n"
                "         3N entries there with the leases' values; yardstick: a fresh namespace with the same underlay address\n"
                "         and flannel.1 (VNI 1, port 8472, nolearning, up), from starting `ip -batch` (N neigh + N route) until\n"
                "         `bridge -batch` (N fdb) exits; peak RSS: tartand's VmHWM 1 s after convergence\n\n");
    std::fflush(stdout);

    int node = 0;
    for (const int peers : sizes) {
        std::vector<double> agentMs, yardMs, rssMb, currentRssMb, anonMb, fileMb, watcherMs;
        QStringList problems;
        bool identical = true;
        int logLines = 0;
        for (int r = 0; r < repetitions; ++r) {
            ++node;
            if (auto written = resetStore(**client, peers, 0); !written)
                return fail(QStringLiteral("writing %1 leases: %2").arg(peers).arg(written.error().message()));
            const YardstickRun yard = yardstick(QStringLiteral("yard%1").arg(node), lab.nodeAddress(node), peers, dir);
            if (!yard.problem.isEmpty())
                problems << QStringLiteral("yardstick %1: %2").arg(r + 1).arg(yard.problem);
            else
                yardMs.push_back(yard.ms);

            KernelWatch watch(lab.node(node).name());
            if (auto watching = watch.start(); !watching)
                return fail(watching.error().message());
            AgentRun agent = coldStart(lab, node, expectedTables(peers, 0), watch, kAgentTimeout);
            if (agent.problem.isEmpty()) {
                readMemory(lab, node, agent);
                agentMs.push_back(agent.ms);
                rssMb.push_back(agent.rssMb);
                currentRssMb.push_back(agent.currentRssMb);
                anonMb.push_back(agent.anonMb);
                fileMb.push_back(agent.fileMb);
                watcherMs.push_back(agent.watcherCpuMs);
            } else {
                problems << QStringLiteral("agent %1: %2").arg(r + 1).arg(agent.problem);
            }
            finishAgent(lab, node, agent, watch);
            logLines = agent.kernelLogLines;
            if (agent.problem.isEmpty() && yard.problem.isEmpty()) {
                if (const QStringList diff = differences(agent.table, yard.table); !diff.isEmpty()) {
                    identical = false;
                    problems << QStringLiteral("run %1: the agent's entries differ from iproute2's:\n      %2").arg(r + 1).arg(diff.join(QStringLiteral("\n      ")));
                }
            }
            forgetAgentLease(lab, node, **client);
        }

        const double yardstickMs = median(yardMs), agentMedian = median(agentMs), rss = median(rssMb);
        std::printf("%d peers (%d kernel entries):\n", peers, 3 * peers);
        if (!yardMs.empty())
            std::printf("  ip -batch + bridge -batch (yardstick)  %9.1f ms   runs %s\n", yardstickMs, qPrintable(runs(yardMs)));
        if (!agentMs.empty()) {
            std::printf("  tartand cold start                     %9.1f ms   runs %s; watcher CPU %.1f ms\n", agentMedian,
                        qPrintable(runs(agentMs)), median(watcherMs));
            if (!yardMs.empty())
                std::printf("  ratio agent / yardstick                %9.2fx     target <= 2x: %s (flanneld v0.20.2: ~%dx)\n",
                            agentMedian / yardstickMs, qPrintable(verdict(agentMedian <= 2 * yardstickMs)), peers >= 10000 ? 8 : 20);
            if (rss < 0) {
                // Under a wrapper (massif) the VmHWM read is the wrapper's or none: no verdict.
                std::printf("  tartand peak RSS (VmHWM)               not measured (the agent ran under a wrapper)\n");
            } else {
                std::printf("  tartand peak RSS (VmHWM)               %9.1f MB   runs %s; at stop %.1f MB = %.1f anonymous + %.1f file-backed",
                            rss, qPrintable(runs(rssMb)), median(currentRssMb), median(anonMb), median(fileMb));
                if (peers >= 10000)
                    std::printf("; target < 15 MB: %s (flanneld: 54 MB)", qPrintable(verdict(rss < 15)));
                std::printf("\n");
            }
        }
        std::printf("  the agent's entries are identical to iproute2's (protocol, scope, flags, state; FDB state without iproute2's\n"
                    "  NUD_NOARP): %s; the agent logged %d \"kernel:\" lines\n",
                    identical && !agentMs.empty() && !yardMs.empty() ? "yes" : "NO", logLines);
        for (const QString &problem : problems)
            std::printf("  problem: %s\n", qPrintable(problem));
        std::printf("\n");
        std::fflush(stdout);
    }

    if (updatePeers > 0) {
        ++node;
        std::printf("%d lease updates, one put at a time (a new VtepMAC each), to an agent converged on %d peers:\n", updatePeers, updatePeers);
        if (auto written = resetStore(**client, updatePeers, 0); !written)
            return fail(QStringLiteral("writing %1 leases: %2").arg(updatePeers).arg(written.error().message()));
        KernelWatch watch(lab.node(node).name());
        if (auto watching = watch.start(); !watching)
            return fail(watching.error().message());
        AgentRun agent = coldStart(lab, node, expectedTables(updatePeers, 0), watch, kAgentTimeout);
        if (!agent.problem.isEmpty()) {
            std::printf("  problem: the agent did not converge on the initial peers: %s\n", qPrintable(agent.problem));
        } else {
            std::vector<double> putMs, lagMs;
            QStringList outcomes;
            bool allApplied = true;
            for (int r = 0; r < repetitions; ++r) {
                const int generation = r + 1;
                watch.expect(expectedTables(updatePeers, generation));
                const auto start = Clock::now();
                Status written;
                for (int n = 0; n < updatePeers && written; ++n)
                    written = putOne(**client, n, generation);
                const auto lastPut = Clock::now();
                if (!written) {
                    outcomes << QStringLiteral("run %1: put failed: %2").arg(r + 1).arg(written.error().message());
                    allApplied = false;
                    break;
                }
                const auto converged = watch.waitConverged(std::chrono::seconds(30));
                const auto progress = watch.progress();
                putMs.push_back(msBetween(start, lastPut));
                if (converged)
                    lagMs.push_back(std::max(0.0, msBetween(lastPut, *converged)));
                else
                    allApplied = false;
                outcomes << QStringLiteral("run %1: %2 of %3 entries with the new values, %4 stale (old-MAC FDB) entries%5")
                                .arg(r + 1)
                                .arg(progress.matched)
                                .arg(progress.expected)
                                .arg(progress.extra)
                                .arg(converged ? QString() : QStringLiteral(" after 30 s: NOT converged"));
            }
            readMemory(lab, node, agent);
            std::printf("  %d single puts took                  %9.1f ms   runs %s\n", updatePeers, median(putMs), qPrintable(runs(putMs)));
            if (!lagMs.empty())
                std::printf("  converged after the last put          %9.1f ms   runs %s\n", median(lagMs), qPrintable(runs(lagMs)));
            for (const QString &outcome : outcomes)
                std::printf("  %s\n", qPrintable(outcome));
            std::printf("  all %d updates programmed in every run (no lost events): %s; tartand peak RSS %.1f MB\n", updatePeers,
                        allApplied ? "yes" : "NO", agent.rssMb);
        }
        finishAgent(lab, node, agent, watch);
    }
    std::printf("\nload average at the end: %s\n", qPrintable(loadAverage()));
    return 0;
}
