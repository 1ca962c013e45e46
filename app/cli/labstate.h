#pragma once

#include "json.h"
#include "labprocess.h"
#include "result.h"

#include <QList>
#include <QString>

namespace tartan::cli {

/// What `lab up` built, as lab.json in the lab's state dir describes it: for `lab status`, for
/// people and scripts (`lab up --json` prints the same document), and for the app. `lab down` does
/// not need it: it finds the lab's namespaces and processes without it, so a crash that left no
/// lab.json still cleans up.
struct LabState
{
    struct Pod
    {
        QString name;        ///< "n2-p1"
        QString netns;       ///< "<lab>-n2-p1"
        QString containerId; ///< the CNI container ID (the namespace name)
        QString ip;          ///< IPv4 address on the pod's eth0
    };
    struct Node
    {
        QString name;    ///< "node2"
        QString netns;   ///< "<lab>-node2"
        QString address; ///< on the underlay, eth0
        QString subnet;  ///< the leased pod subnet, "10.244.5.0/24"
        QString subnetFile;
        QString log;
        LabProcessId agent;
        QList<Pod> pods;
        /// The agent's report endpoint as it publishes it (on its underlay address, reachable only
        /// inside the lab), and the loopback relay to it that tartanctl and the app use instead.
        QString reportEndpoint;
        QString reportRelay;
        LabProcessId reportRelayProcess;
    };

    QString name;
    QString stateDir;
    QString backend;
    QString network;
    QString etcdPrefix;
    QString etcdEndpoint; ///< the relay on 127.0.0.1: what the app and tartanctl connect to
    QString etcdInside;   ///< etcd's own URL, reachable from the lab's namespaces
    QString underlayNetns;
    QString created;      ///< ISO 8601, UTC
    LabProcessId etcd;
    LabProcessId relay;
    QList<Node> nodes;

    json::Json toJson() const;
    static Result<LabState> fromJson(const json::Json &document);

    /// Written atomically, 0600.
    Status save(const QString &path) const;
    static Result<LabState> load(const QString &path);
};

} // namespace tartan::cli
