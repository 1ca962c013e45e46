#include "doctorcommands.h"

#include "agentsnapshot.h"
#include "commandcontext.h"
#include "leaseindex.h"
#include "nodedrift.h"
#include "pathtracer.h"
#include "texttable.h"

#include <QDeadlineTimer>
#include <QThread>

namespace tartan::cli {

namespace {

constexpr int kRepairWaitMs = 10000; // how long doctor --repair waits for the agents to converge
constexpr int kRepairPollMs = 500;

/// One node's verdict for doctor.
struct Verdict
{
    enum class State { Clean, Drifts, Error, Unreachable, NoSummary, NoLease };
    const NodeState *node = nullptr;
    State state = State::Clean;
    NodeDrift drift;           ///< from the report (State::Clean, Drifts, Error)
    bool summaryDrifts = false; ///< Unreachable: what its summary says

    /// Counts against exit code 0: drift seen, a node with a lease that did not report, or a
    /// report whose drift cannot be computed. An unreachable agent counts when its summary in the
    /// store says it drifts, or when the cluster keeps no summary of it (Kubernetes): nothing
    /// then says the node is fine.
    bool failing() const
    {
        return state == State::Drifts || state == State::Error || state == State::NoSummary
            || (state == State::Unreachable && (summaryDrifts || !node->summary));
    }
    bool shouldRepair() const { return state == State::Drifts || (state == State::Unreachable && summaryDrifts); }
};

QString stateText(const Verdict &verdict)
{
    switch (verdict.state) {
    case Verdict::State::Clean:
        return QStringLiteral("ok");
    case Verdict::State::Drifts:
        return QStringLiteral("%1 drift entr%2").arg(verdict.drift.entries.size()).arg(verdict.drift.entries.size() == 1 ? "y" : "ies");
    case Verdict::State::Error:
        return QStringLiteral("error");
    case Verdict::State::Unreachable:
        if (!verdict.node->summary)
            return QStringLiteral("unreachable");
        return QStringLiteral("unreachable (summary: %1 drift)").arg(verdict.node->summary->driftCount);
    case Verdict::State::NoSummary:
        return QStringLiteral("no report");
    case Verdict::State::NoLease:
        break;
    }
    return QStringLiteral("no lease");
}

QString stateName(Verdict::State state)
{
    static const char *names[] = {"clean", "drifts", "error", "unreachable", "no-report", "no-lease"};
    return QString::fromLatin1(names[int(state)]);
}

QList<Verdict> judge(const ClusterSnapshot &snapshot)
{
    QList<Verdict> verdicts;
    for (const NodeState &node : snapshot.nodes) {
        Verdict verdict;
        verdict.node = &node;
        if (!node.lease) {
            verdict.state = Verdict::State::NoLease;
        } else if (!node.summary && node.endpoint.isEmpty()) {
            verdict.state = Verdict::State::NoSummary;
        } else if (!node.report) {
            verdict.state = Verdict::State::Unreachable;
            verdict.summaryDrifts = node.summary && node.summary->driftCount > 0;
        } else {
            verdict.drift = computeNodeDrift(snapshot.config, snapshot.leases, *node.report);
            verdict.state = !verdict.drift.error.isEmpty() ? Verdict::State::Error
                            : verdict.drift.entries.isEmpty() ? Verdict::State::Clean
                                                              : Verdict::State::Drifts;
        }
        verdicts << verdict;
    }
    return verdicts;
}

json::Json verdictJson(const Verdict &verdict)
{
    const NodeState &node = *verdict.node;
    const auto text = [](const QString &value) { return value.isEmpty() ? json::Json() : json::Json(value.toStdString()); };
    json::Json out{{"node", node.key.toString().toStdString()},
                   {"state", stateName(verdict.state).toStdString()},
                   {"failing", verdict.failing()},
                   {"publicIP", node.lease ? json::Json(node.lease->attrs.publicIp.toString().toStdString()) : json::Json()},
                   {"endpoint", text(node.endpoint)},
                   {"url", text(node.url)},
                   {"reachable", node.report.has_value()},
                   {"error", text(node.report ? verdict.drift.error : node.error)}};
    if (node.summary)
        out["summary"] = json::parse(encodeNodeSummary(*node.summary), QStringLiteral("summary")).value();
    else
        out["summary"] = json::Json();
    if (node.report) {
        const json::Json drift = verdict.drift.toJson();
        out["drift"] = drift["drift"];
        out["exclusions"] = drift["exclusions"];
    } else {
        out["drift"] = json::Json();
        out["exclusions"] = json::Json();
    }
    return out;
}

QStringList verdictText(const QList<Verdict> &verdicts)
{
    QStringList lines;
    TextTable table({QStringLiteral("NODE"), QStringLiteral("PUBLIC IP"), QStringLiteral("BACKEND"), QStringLiteral("HEALTH"),
                     QStringLiteral("AGENT"), QStringLiteral("STATE")});
    for (const Verdict &verdict : verdicts) {
        const NodeState &node = *verdict.node;
        const QString dash = QStringLiteral("-");
        table.addRow({node.key.toString(), node.lease ? node.lease->attrs.publicIp.toString() : dash,
                      node.summary ? node.summary->backend : (node.lease ? node.lease->attrs.backendName() : dash),
                      node.summary ? node.summary->health : dash, node.url.isEmpty() ? dash : node.url, stateText(verdict)});
    }
    lines << table.toString();
    int drifting = 0, unreachable = 0, silent = 0;
    for (const Verdict &verdict : verdicts) {
        const NodeState &node = *verdict.node;
        const QString name = node.lease ? LeaseIndex::describe(*node.lease) : QStringLiteral("lease %1 (gone)").arg(node.key.toString());
        switch (verdict.state) {
        case Verdict::State::Drifts:
            ++drifting;
            lines << QString() << QStringLiteral("%1: %2").arg(name, stateText(verdict));
            for (const DriftEntry &entry : verdict.drift.entries)
                lines << QStringLiteral("  ") + entry.toString();
            break;
        case Verdict::State::Error:
            ++drifting;
            lines << QString() << QStringLiteral("%1: %2").arg(name, verdict.drift.error);
            break;
        case Verdict::State::Unreachable:
            ++unreachable;
            drifting += verdict.summaryDrifts ? 1 : 0;
            lines << QString() << QStringLiteral("%1: unreachable: %2").arg(name, node.error);
            if (node.summary)
                lines << QStringLiteral("  its summary in the store: health %1, %2 drift entries, last reconcile %3")
                         .arg(node.summary->health).arg(node.summary->driftCount)
                         .arg(node.summary->lastReconcile.isValid() ? node.summary->lastReconcile.toString(Qt::ISODate) : QStringLiteral("never"));
            break;
        case Verdict::State::NoSummary:
            ++silent;
            lines << QString() << QStringLiteral("%1: no agent report in the store (no tartand, or one too old to report)").arg(name);
            break;
        case Verdict::State::NoLease:
            lines << QString() << QStringLiteral("%1: a report without a lease").arg(name);
            break;
        case Verdict::State::Clean:
            break;
        }
    }
    lines << QString() << QStringLiteral("%1 node(s): %2 drifting, %3 unreachable, %4 without report")
                              .arg(verdicts.size()).arg(drifting).arg(unreachable).arg(silent);
    return lines;
}

bool anyFailing(const QList<Verdict> &verdicts)
{
    return std::any_of(verdicts.begin(), verdicts.end(), [](const Verdict &v) { return v.failing(); });
}

} // namespace

int runDoctorCommand(CommandContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.fail(kBadInput, QStringLiteral("usage: tartanctl doctor [--json] [--repair]"));
    AgentSnapshot reader(context);
    ClusterSnapshot snapshot;
    if (const int code = reader.read(&snapshot); code != kOk)
        return code;
    QList<Verdict> verdicts = judge(snapshot);

    json::Json repairs = json::Json::array();
    if (context.options().isSet(QStringLiteral("repair"))) {
        QList<SubnetKey> asked;
        for (const Verdict &verdict : std::as_const(verdicts)) {
            if (!verdict.shouldRepair())
                continue;
            const Status repaired = reader.repair(*verdict.node);
            const QString key = verdict.node->key.toString();
            repairs.push_back(json::Json{{"node", key.toStdString()},
                                         {"requested", repaired.ok()},
                                         {"error", repaired ? json::Json() : json::Json(repaired.error().message().toStdString())}});
            if (!repaired) {
                context.warn(QStringLiteral("repair of %1: %2").arg(key, repaired.error().message()));
                continue;
            }
            if (!context.json())
                context.out(QStringLiteral("asked %1 to reconcile").arg(key));
            asked << verdict.node->key;
        }
        // The agents repair on their own schedule: look again until they are clean or time is up.
        QDeadlineTimer deadline(kRepairWaitMs);
        while (!asked.isEmpty()) {
            if (const int code = reader.refresh(&snapshot, asked); code != kOk)
                return code;
            verdicts = judge(snapshot);
            if (!anyFailing(verdicts) || deadline.hasExpired())
                break;
            QThread::msleep(kRepairPollMs);
        }
        if (!asked.isEmpty() && !context.json())
            context.out(QString());
    }

    const bool failing = anyFailing(verdicts);
    if (context.json()) {
        json::Json nodes = json::Json::array();
        for (const Verdict &verdict : std::as_const(verdicts))
            nodes.push_back(verdictJson(verdict));
        json::Json out{{"clean", !failing}, {"nodes", nodes}, {"repairs", repairs}};
        context.out(QString::fromStdString(out.dump(2)));
    } else {
        context.out(verdictText(verdicts).join(u'\n'));
    }
    return failing ? kBadInput : kOk;
}

int runTraceCommand(CommandContext &context, const QStringList &arguments)
{
    if (arguments.size() != 2)
        return context.fail(kBadInput, QStringLiteral("usage: tartanctl trace SRC DST [--json] (pod or node addresses)"));
    const auto source = IpAddress::parse(arguments[0]);
    const auto destination = IpAddress::parse(arguments[1]);
    if (!source || !destination)
        return context.fail(kBadInput, (source ? destination.error() : source.error()).message());

    AgentSnapshot reader(context);
    ClusterSnapshot snapshot;
    // Only the nodes at both ends: the path never touches a third node's tables.
    const auto endsOfPath = [&](const SubnetKey &key) {
        const LeaseIndex index(snapshot.leases);
        for (const IpAddress &address : {*source, *destination}) {
            const Lease *lease = index.containing(address);
            if (!lease)
                lease = index.withPublicIp(address);
            if (lease && lease->subnet == key)
                return true;
        }
        return false;
    };
    if (const int code = reader.read(&snapshot, endsOfPath); code != kOk)
        return code;
    json::Json agents = json::Json::array();
    for (const NodeState &node : std::as_const(snapshot.nodes)) {
        if (node.error.isEmpty() || !endsOfPath(node.key))
            continue;
        agents.push_back(json::Json{{"node", node.key.toString().toStdString()}, {"url", node.url.toStdString()}, {"error", node.error.toStdString()}});
        if (!context.json())
            context.warn(QStringLiteral("node %1: %2; its tables are unknown").arg(node.key.toString(), node.error));
    }
    const PathTrace trace = PathTracer(snapshot.config, snapshot.leases, snapshot.reports()).trace(*source, *destination);
    if (context.json()) {
        json::Json out = trace.toJson();
        out["unreachable"] = agents;
        context.out(QString::fromStdString(out.dump(2)));
    } else {
        context.out(trace.toStrings().join(u'\n'));
    }
    return trace.arrived() ? kOk : kBadInput;
}

} // namespace tartan::cli
