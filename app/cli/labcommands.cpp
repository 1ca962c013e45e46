#include "labcommands.h"

#include "commandcontext.h"
#include "labbuilder.h"
#include "labinspector.h"
#include "lablayout.h"
#include "labnetns.h"
#include "labrelay.h"
#include "labteardown.h"
#include "ipaddress.h"
#include "texttable.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace tartan::cli {

namespace {

const QString kUsage = QStringLiteral(
    "usage: tartanctl lab up [--nodes N] [--pods-per-node K] [--backend vxlan|host-gw] [--name L] [--force]"
    " | lab status | lab exec MEMBER -- COMMAND... | lab down");

/// Progress lines while a lab is built or removed: stderr, so stdout stays the summary.
void progress(const QString &line)
{
    std::fprintf(stderr, "%s\n", line.toUtf8().constData());
    std::fflush(stderr);
}

QString labFlag(const QCommandLineParser &parser, const char *name, const char *fallback)
{
    const QString value = parser.value(QString::fromLatin1(name));
    return value.isEmpty() ? QString::fromLatin1(fallback) : value;
}

Result<int> intFlag(const QCommandLineParser &parser, const char *name, int fallback)
{
    if (!parser.isSet(QString::fromLatin1(name)))
        return fallback;
    bool ok = false;
    const int value = parser.value(QString::fromLatin1(name)).toInt(&ok);
    if (!ok)
        return Error(QStringLiteral("--%1: '%2' is not a whole number").arg(QLatin1String(name), parser.value(QString::fromLatin1(name))));
    return value;
}

/// Whether anything of the lab exists: its state dir, any of its namespaces, a relay.
bool exists(const LabLayout &layout, QString *what)
{
    QStringList found;
    if (QFileInfo::exists(layout.stateDir()))
        found << layout.stateDir();
    if (const auto listed = LabNetns::list())
        for (const QString &netns : layout.ownedAmong(*listed))
            found << QStringLiteral("netns ") + netns;
    if (what)
        *what = found.mid(0, 4).join(QStringLiteral(", ")) + (found.size() > 4 ? QStringLiteral(", ...") : QString());
    return !found.isEmpty();
}

Status makeStateDir(const LabLayout &layout)
{
    const QByteArray root = QFile::encodeName(QString::fromLatin1(LabLayout::kStateRoot));
    const QByteArray dir = QFile::encodeName(layout.stateDir());
    if ((::mkdir(root.constData(), 0755) != 0 && errno != EEXIST) || ::mkdir(dir.constData(), 0700) != 0)
        return Error(QStringLiteral("creating %1: %2").arg(layout.stateDir(), QString::fromLocal8Bit(std::strerror(errno))));
    return {};
}

QString summary(const LabState &state)
{
    QStringList lines;
    lines << QStringLiteral("lab %1 is up: %2 node(s), backend %3, network %4").arg(state.name).arg(state.nodes.size()).arg(state.backend, state.network);
    TextTable table({QStringLiteral("NODE"), QStringLiteral("ADDRESS"), QStringLiteral("SUBNET"), QStringLiteral("PODS")});
    for (const LabState::Node &node : state.nodes) {
        QStringList pods;
        for (const LabState::Pod &pod : node.pods)
            pods << QStringLiteral("%1 %2").arg(pod.name, pod.ip);
        table.addRow({node.name, node.address, node.subnet, pods.isEmpty() ? QStringLiteral("-") : pods.join(QStringLiteral(", "))});
    }
    lines << table.toString();
    lines << QStringLiteral("etcd: %1").arg(state.etcdEndpoint);
    lines << QStringLiteral("state: %1 (lab.json, logs)").arg(state.stateDir);
    lines << QStringLiteral("try: tartanctl leases --etcd-endpoints %1").arg(state.etcdEndpoint);
    return lines.join(u'\n');
}

int up(CommandContext &context, const QCommandLineParser &parser, const LabLayout &layout)
{
    LabSpec spec;
    const auto nodes = intFlag(parser, "nodes", spec.nodes);
    const auto pods = intFlag(parser, "pods-per-node", spec.podsPerNode);
    if (!nodes || !pods)
        return context.fail(kBadInput, (nodes ? pods.error() : nodes.error()).message());
    spec.nodes = *nodes;
    spec.podsPerNode = *pods;
    spec.backend = labFlag(parser, "backend", "vxlan");
    spec.network = labFlag(parser, "network", "10.244.0.0/16");
    spec.etcdPrefix = context.layout().prefix();
    const QString binDir = QCoreApplication::applicationDirPath();
    LabBuilder builder(layout, spec, binDir, QCoreApplication::applicationFilePath(), progress);
    if (auto checked = builder.check(); !checked)
        return context.fail(kBadInput, checked.error().message());

    if (QString what; exists(layout, &what)) {
        if (!parser.isSet(QStringLiteral("force")))
            return context.fail(kBadInput, QStringLiteral("lab %1 exists already (%2): `tartanctl lab status --name %1` shows it, "
                                                          "`tartanctl lab down --name %1` removes it, `lab up --force` recreates it")
                                               .arg(layout.name(), what));
        progress(QStringLiteral("--force: removing the existing lab %1 first ...").arg(layout.name()));
        if (auto removed = LabTeardown(layout, progress).run(); !removed)
            return context.fail(kBadInput, removed.error().message());
    }
    if (auto made = makeStateDir(layout); !made)
        return context.fail(kBadInput, made.error().message());

    auto state = builder.build();
    if (!state) {
        context.warn(QStringLiteral("lab up failed: %1").arg(state.error().message()));
        progress(QStringLiteral("removing the half-built lab %1 ...").arg(layout.name()));
        if (auto removed = LabTeardown(layout, progress).run(); !removed)
            context.warn(QStringLiteral("%1; run `tartanctl lab down --name %2`").arg(removed.error().message(), layout.name()));
        return kBadInput;
    }
    context.out(context.json() ? QString::fromStdString(state->toJson().dump(2)) : summary(*state));
    return kOk;
}

int down(CommandContext &context, const LabLayout &layout)
{
    bool found = false;
    if (auto removed = LabTeardown(layout, progress).run(&found); !removed)
        return context.fail(kBadInput, removed.error().message());
    context.out(found ? QStringLiteral("lab %1 removed").arg(layout.name()) : QStringLiteral("no lab %1: nothing to remove").arg(layout.name()));
    return kOk;
}

int status(CommandContext &context, const LabLayout &layout)
{
    auto state = LabState::load(layout.labFile());
    if (!state) {
        if (QString what; exists(layout, &what))
            return context.fail(kBadInput, QStringLiteral("lab %1 is incomplete (%2, but no readable lab.json: %3); `tartanctl lab down --name %1` removes it")
                                               .arg(layout.name(), what, state.error().message()));
        return context.fail(kBadInput, QStringLiteral("no lab %1 (start one with `tartanctl lab up`)").arg(layout.name()));
    }
    const LabInspector inspector(layout, *state);
    const LabInspector::Report report = inspector.inspect();
    context.out(context.json() ? QString::fromStdString(inspector.toJson(report).dump(2)) : inspector.toText(report));
    return report.problems.isEmpty() ? kOk : kBadInput;
}

int exec(CommandContext &context, const LabLayout &layout, const QStringList &arguments)
{
    if (arguments.size() < 2)
        return context.fail(kBadInput, QStringLiteral("usage: tartanctl lab exec MEMBER -- COMMAND... (MEMBER: node2, n2-p1 or net)"));
    const QString netns = layout.netnsOf(arguments[0]);
    if (netns.isEmpty())
        return context.fail(kBadInput, QStringLiteral("'%1' is not a lab member: use node<i>, n<i>-p<j> or net").arg(arguments[0]));
    const auto listed = LabNetns::list();
    if (!listed)
        return context.fail(kBadInput, listed.error().message());
    if (!listed->contains(netns))
        return context.fail(kBadInput, QStringLiteral("lab %1 has no %2 (no namespace %3)").arg(layout.name(), arguments[0], netns));
    const QString ip = QStandardPaths::findExecutable(QStringLiteral("ip"));
    if (ip.isEmpty())
        return context.fail(kBadInput, QStringLiteral("`ip` is not installed (Debian package iproute2)"));
    // Replacing tartanctl with `ip netns exec` passes the terminal, the signals and the exit code
    // straight through.
    QList<QByteArray> storage;
    for (const QString &argument : LabNetns::execCommand(netns, arguments.mid(1)))
        storage << argument.toLocal8Bit();
    std::vector<char *> argv;
    for (QByteArray &argument : storage)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    std::fflush(stdout);
    ::execv(QFile::encodeName(ip).constData(), argv.data());
    return context.fail(kBadInput, QStringLiteral("running %1: %2").arg(ip, QString::fromLocal8Bit(std::strerror(errno))));
}

int relay(CommandContext &context, const QCommandLineParser &parser, const LabLayout &layout)
{
    // fd 3 is the listening socket `lab up` made (LabBuilder::spawnRelay); the target is etcd
    // unless --relay-to names another service in the underlay (an agent's report endpoint).
    QString host = LabLayout::gateway();
    quint16 port = LabLayout::kEtcdPort;
    if (const QString target = parser.value(QStringLiteral("relay-to")); !target.isEmpty()) {
        bool ok = false;
        port = quint16(target.section(u':', -1).toUInt(&ok));
        host = target.section(u':', 0, -2);
        if (!ok || port == 0 || !IpAddress::parseV4(host))
            return context.fail(kBadInput, QStringLiteral("--relay-to: '%1' is not IPV4:PORT").arg(target));
    }
    LabRelay relay(3, layout.underlayNetns(), host, port);
    return relay.run();
}

} // namespace

int runLabCommand(CommandContext &context, const QCommandLineParser &parser, const QStringList &arguments)
{
    const QString verb = arguments.value(0);
    const QStringList known = {QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("status"), QStringLiteral("exec"), QStringLiteral("relay")};
    if (!known.contains(verb) || (verb != u"exec" && arguments.size() != 1))
        return context.fail(kBadInput, kUsage);
    const auto layout = LabLayout::forName(labFlag(parser, "name", LabLayout::kDefaultName));
    if (!layout)
        return context.fail(kBadInput, layout.error().message());
    if (::geteuid() != 0)
        return context.fail(kBadInput, QStringLiteral("tartanctl lab needs root: it creates and enters network namespaces (try sudo)"));
    if (verb == u"up")
        return up(context, parser, *layout);
    if (verb == u"down")
        return down(context, *layout);
    if (verb == u"status")
        return status(context, *layout);
    if (verb == u"exec")
        return exec(context, *layout, arguments.mid(1));
    return relay(context, parser, *layout);
}

} // namespace tartan::cli
