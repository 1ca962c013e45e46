#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>

namespace tartan::cli {

/// When tartanctl talks to a local lab, the agents publish report endpoints on their underlay
/// addresses, which only the lab's namespaces reach; `lab up` gave each a loopback relay and wrote
/// both into lab.json. This finds the lab whose etcd relay is one of `etcdEndpoints` (by host and
/// port) among the labs whose lab.json this user can read, and returns published endpoint ->
/// relay URL for its nodes; empty when no lab matches. `*labName` names the lab found.
QHash<QString, QString> labReportEndpoints(const QList<QUrl> &etcdEndpoints, QString *labName = nullptr);

} // namespace tartan::cli
