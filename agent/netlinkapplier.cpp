#include "netlinkapplier.h"

#include "netlinklinks.h"
#include "netlinkobjects.h"
#include "netlinksocket.h"

#include <netlink/errno.h>
#include <netlink/route/neighbour.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <functional>
#include <optional>
#include <variant>
#include <vector>

namespace tartan::netlink {

namespace {

enum class Action { Add, Replace, Delete };

// Requests per transact(): big enough that sends stay packed (~128 per sendmsg), small enough that
// the messages in flight stay near a megabyte.
constexpr qsizetype kChunkSize = 1000;

QString actionName(Action action)
{
    switch (action) {
    case Action::Add:
        return QStringLiteral("add");
    case Action::Replace:
        return QStringLiteral("replace");
    case Action::Delete:
        break;
    }
    return QStringLiteral("delete");
}

int requestFlags(Action action)
{
    // NLM_F_EXCL makes an add of an existing entry EEXIST (counted as done) instead of a silent
    // merge; a replacement must overwrite whatever holds the key.
    return action == Action::Add ? NLM_F_CREATE | NLM_F_EXCL : NLM_F_CREATE | NLM_F_REPLACE;
}

// The entry a request is for, described only when the kernel refuses it.
using EntryRef = std::variant<const Route *, const Neighbour *, const FdbEntry *>;

QString describe(const EntryRef &entry)
{
    if (const auto *route = std::get_if<const Route *>(&entry))
        return QStringLiteral("route ") + (*route)->toString();
    if (const auto *neighbour = std::get_if<const Neighbour *>(&entry))
        return QStringLiteral("neigh ") + (*neighbour)->toString();
    return QStringLiteral("fdb ") + std::get<const FdbEntry *>(entry)->toString();
}

// A replacement the kernel cannot do in place is sent as a delete and an add: both halves fail as
// the replacement of the desired entry, and only the add is counted.
enum class Part { Whole, FirstHalf, SecondHalf };

struct Request
{
    Action action;
    EntryRef entry;
    Part part = Part::Whole;

    QString operation() const { return actionName(part == Part::Whole ? action : Action::Replace); }
};

class BatchBuilder
{
public:
    BatchBuilder(const QHash<QString, int> &indexes, ApplyReport &report) : mIndexes(indexes), mReport(report) {}

    void route(Action action, const Route &entry, Part part = Part::Whole, const Route *replacing = nullptr);
    void routeReplacement(const EntryPair<Route> &pair);
    void neighbour(Action action, const Neighbour &entry);
    void fdb(Action action, const FdbEntry &entry);

    std::vector<NlMsgPtr> messages;
    QList<Request> requests;
    /// Called when kChunkSize messages are waiting: sends them and clears both lists.
    std::function<void()> sendChunk;

private:
    // The device's index, or 0 after recording what a missing device means for the entry.
    int deviceIndex(const Request &request, const QString &device);
    void push(nl_msg *message, int rc, const Request &request);

    const QHash<QString, int> &mIndexes;
    ApplyReport &mReport;
};

int BatchBuilder::deviceIndex(const Request &request, const QString &device)
{
    const int index = mIndexes.value(device, 0);
    if (index != 0)
        return index;
    // Routes, neighbours and FDB entries are deleted with their device: nothing left to delete.
    if (request.action != Action::Delete)
        mReport.failures << NetlinkError::fromErrno(ENODEV, request.operation(), describe(request.entry));
    else if (request.part == Part::Whole)
        ++mReport.alreadyDone;
    return 0;
}

void BatchBuilder::push(nl_msg *message, int rc, const Request &request)
{
    if (rc < 0) {
        mReport.failures << NetlinkError::fromLibnl(rc, request.operation(), describe(request.entry));
        return;
    }
    messages.emplace_back(message);
    requests << request;
    if (qsizetype(messages.size()) >= kChunkSize)
        sendChunk();
}

void BatchBuilder::routeReplacement(const EntryPair<Route> &pair)
{
    // An IPv6 onlink route cannot be replaced in place by one on another device: the kernel checks
    // the new gateway against the table, finds the very route being replaced (on the old device)
    // and refuses ("Nexthop has invalid gateway or device mismatch"), e.g. when DirectRouting is
    // turned off again. Delete, then add, back to back in one batch. IPv4 replaces in place.
    if (pair.desired.destination.family() == IpAddress::Family::V6 && pair.actual.device != pair.desired.device) {
        route(Action::Delete, pair.actual, Part::FirstHalf, &pair.desired);
        route(Action::Add, pair.desired, Part::SecondHalf);
        return;
    }
    route(Action::Replace, pair.desired);
}

void BatchBuilder::route(Action action, const Route &entry, Part part, const Route *replacing)
{
    const Request request{action, replacing ? EntryRef(replacing) : EntryRef(&entry), part};
    const int index = deviceIndex(request, entry.device);
    if (index == 0)
        return;
    RoutePtr route(rtnl_route_alloc());
    rtnl_nexthop *nexthop = rtnl_route_nh_alloc();
    NlAddrPtr destination = toNlAddr(entry.destination);
    NlAddrPtr gateway = toNlAddr(entry.gateway);
    if (!route || !nexthop || !destination || (!entry.gateway.isNull() && !gateway)) {
        if (nexthop)
            rtnl_route_nh_free(nexthop);
        return push(nullptr, -NLE_NOMEM, request);
    }
    int rc = rtnl_route_set_dst(route.get(), destination.get());
    rtnl_route_set_table(route.get(), entry.table);
    if (action == Action::Delete) {
        // Match the route whatever its protocol and scope: libnl's defaults (static, guessed
        // scope) would make the kernel skip one written by flannel or by hand.
        rtnl_route_set_protocol(route.get(), RTPROT_UNSPEC);
        rtnl_route_set_scope(route.get(), RT_SCOPE_NOWHERE);
    } else {
        rtnl_route_set_protocol(route.get(), RTPROT_BOOT);
        rtnl_route_set_type(route.get(), RTN_UNICAST);
    }
    rtnl_route_nh_set_ifindex(nexthop, index);
    if (gateway)
        rtnl_route_nh_set_gateway(nexthop, gateway.get());
    if (entry.onlink)
        rtnl_route_nh_set_flags(nexthop, RTNH_F_ONLINK);
    rtnl_route_add_nexthop(route.get(), nexthop); // the route owns it now

    nl_msg *message = nullptr;
    if (rc >= 0) {
        rc = action == Action::Delete ? rtnl_route_build_del_request(route.get(), 0, &message)
                                      : rtnl_route_build_add_request(route.get(), requestFlags(action), &message);
    }
    push(message, rc, request);
}

void BatchBuilder::neighbour(Action action, const Neighbour &entry)
{
    const Request request{action, &entry};
    const int index = deviceIndex(request, entry.device);
    if (index == 0)
        return;
    NeighPtr neighbour(rtnl_neigh_alloc());
    NlAddrPtr address = toNlAddr(entry.address);
    NlAddrPtr mac = toNlAddr(entry.mac);
    if (!neighbour || !address)
        return push(nullptr, -NLE_NOMEM, request);
    rtnl_neigh_set_ifindex(neighbour.get(), index);
    int rc = rtnl_neigh_set_dst(neighbour.get(), address.get());
    nl_msg *message = nullptr;
    if (action == Action::Delete) {
        if (rc >= 0)
            rc = rtnl_neigh_build_delete_request(neighbour.get(), 0, &message);
    } else {
        if (mac)
            rtnl_neigh_set_lladdr(neighbour.get(), mac.get());
        // Tartan programs permanent entries; a non-permanent desired entry is a fresh, reachable one.
        rtnl_neigh_set_state(neighbour.get(), entry.permanent ? NUD_PERMANENT : NUD_REACHABLE);
        if (rc >= 0)
            rc = rtnl_neigh_build_add_request(neighbour.get(), requestFlags(action), &message);
    }
    push(message, rc, request);
}

void BatchBuilder::fdb(Action action, const FdbEntry &entry)
{
    const Request request{action, &entry};
    const int index = deviceIndex(request, entry.device);
    if (index == 0)
        return;
    NeighPtr neighbour(rtnl_neigh_alloc());
    NlAddrPtr mac = toNlAddr(entry.mac);
    NlAddrPtr destination = toNlAddr(entry.destination);
    if (!neighbour || !mac)
        return push(nullptr, -NLE_NOMEM, request);
    int rc = 0;
    // The destination first: libnl's setter adopts the address's family, which the family set
    // afterwards overrides (the other order fails with "address family mismatch").
    if (destination)
        rc = rtnl_neigh_set_dst(neighbour.get(), destination.get());
    rtnl_neigh_set_family(neighbour.get(), AF_BRIDGE);
    rtnl_neigh_set_ifindex(neighbour.get(), index);
    rtnl_neigh_set_lladdr(neighbour.get(), mac.get());
    rtnl_neigh_set_flags(neighbour.get(), NTF_SELF);
    nl_msg *message = nullptr;
    if (action == Action::Delete) {
        if (rc >= 0)
            rc = rtnl_neigh_build_delete_request(neighbour.get(), 0, &message);
    } else {
        rtnl_neigh_set_state(neighbour.get(), entry.permanent ? NUD_PERMANENT : NUD_REACHABLE);
        if (rc >= 0)
            rc = rtnl_neigh_build_add_request(neighbour.get(), requestFlags(action), &message);
    }
    push(message, rc, request);
}

bool alreadyDone(Action action, int error)
{
    if (action == Action::Add)
        return error == -EEXIST;
    if (action == Action::Delete)
        return error == -ENOENT || error == -ESRCH;
    return false;
}

} // namespace

NlResult<ApplyReport> NetlinkApplier::apply(const TableDiff &diff)
{
    ApplyReport report;
    if (!diff.hasChanges())
        return report;

    const auto links = NetlinkLinks(mSocket).list();
    if (!links)
        return links.error().relabelled(QStringLiteral("apply table changes"), QStringLiteral("(device look-up)"));
    QHash<QString, int> indexes;
    for (const LinkInfo &link : *links)
        indexes.insert(link.name, link.index);

    BatchBuilder batch(indexes, report);
    // Sent in chunks: every message holds a buffer of about a kilobyte until its ack is in, so a
    // full sync of 10,000 vxlan peers (30,000 requests) built in one piece would hold 30 MB.
    std::optional<NetlinkError> chunkError; // the socket failed: stop sending, nothing more is known
    batch.sendChunk = [&] {
        if (batch.messages.empty() || chunkError)
            return;
        const qsizetype count = qsizetype(batch.messages.size());
        const auto replies = mSocket.transact(std::move(batch.messages));
        batch.messages.clear();
        report.requests += count;
        if (!replies) {
            chunkError = replies.error().relabelled(QStringLiteral("apply table changes"),
                                                    QStringLiteral("(%1 requests)").arg(report.requests));
            return;
        }
        for (qsizetype i = 0; i < replies->size(); ++i) {
            const NetlinkSocket::Reply &reply = replies->at(i);
            const Request &request = batch.requests.at(i);
            if (reply.error != 0 && !alreadyDone(request.action, reply.error)) {
                report.failures << NetlinkError::fromErrno(reply.error, request.operation(), describe(request.entry),
                                                           reply.kernelMessage);
            } else if (request.part != Part::FirstHalf) {
                ++(reply.error == 0 ? report.changed : report.alreadyDone);
            }
        }
        batch.requests.clear();
    };

    for (const Route &entry : diff.routes.remove)
        batch.route(Action::Delete, entry);
    for (const FdbEntry &entry : diff.fdb.remove)
        batch.fdb(Action::Delete, entry);
    for (const Neighbour &entry : diff.neighbours.remove)
        batch.neighbour(Action::Delete, entry);
    for (const Neighbour &entry : diff.neighbours.add)
        batch.neighbour(Action::Add, entry);
    for (const auto &pair : diff.neighbours.replace)
        batch.neighbour(Action::Replace, pair.desired);
    for (const FdbEntry &entry : diff.fdb.add)
        batch.fdb(Action::Add, entry);
    for (const auto &pair : diff.fdb.replace)
        batch.fdb(Action::Replace, pair.desired);
    for (const Route &entry : diff.routes.add)
        batch.route(Action::Add, entry);
    for (const auto &pair : diff.routes.replace)
        batch.routeReplacement(pair);
    batch.sendChunk(); // the rest
    if (chunkError)
        return *chunkError;
    return report;
}

} // namespace tartan::netlink
