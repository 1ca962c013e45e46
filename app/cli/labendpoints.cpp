#include "labendpoints.h"

#include "lablayout.h"
#include "labstate.h"

#include <QDir>

namespace tartan::cli {

namespace {

bool sameEndpoint(const QUrl &a, const QUrl &b)
{
    return a.host() == b.host() && a.port(-1) == b.port(-1) && a.scheme() == b.scheme();
}

} // namespace

QHash<QString, QString> labReportEndpoints(const QList<QUrl> &etcdEndpoints, QString *labName)
{
    QHash<QString, QString> map;
    const QDir root(QString::fromLatin1(LabLayout::kStateRoot));
    // Each lab's dir is 0700: labs of other users (or all, without root) are simply not seen.
    for (const QString &name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const auto state = LabState::load(root.filePath(name + QStringLiteral("/lab.json")));
        if (!state)
            continue;
        const QUrl relay(state->etcdEndpoint);
        if (std::none_of(etcdEndpoints.begin(), etcdEndpoints.end(), [&](const QUrl &url) { return sameEndpoint(url, relay); }))
            continue;
        for (const LabState::Node &node : state->nodes)
            if (!node.reportEndpoint.isEmpty() && !node.reportRelay.isEmpty())
                map.insert(node.reportEndpoint, node.reportRelay);
        if (labName)
            *labName = state->name;
        break;
    }
    return map;
}

} // namespace tartan::cli
