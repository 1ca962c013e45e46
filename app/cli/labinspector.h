#pragma once

#include "json.h"
#include "lablayout.h"
#include "labstate.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace tartan::cli {

/// `lab status`: how a lab is doing now, read back from the machine rather than from lab.json's
/// memory: whether etcd, the relay and each tartand still run, each node's subnet as its
/// subnet.env says now, and whether each pod reaches one pod on every other node (one ping, one
/// second; the pings run in parallel, in bounded batches).
class LabInspector
{
public:
    struct Pod
    {
        QString name;
        QString ip;
        QStringList reaches; ///< node names
        QStringList misses;
    };
    struct Node
    {
        QString name;
        QString address;
        QString subnet;
        bool netnsExists = false;
        bool agentRunning = false;
        QList<Pod> pods;
    };
    struct Report
    {
        bool etcdRunning = false;
        bool relayRunning = false;
        QList<Node> nodes;
        QStringList problems; ///< empty: healthy
    };

    LabInspector(LabLayout layout, LabState state) : mLayout(std::move(layout)), mState(std::move(state)) {}

    Report inspect() const;
    json::Json toJson(const Report &report) const;
    QString toText(const Report &report) const;

private:
    void ping(Report &report) const;

    LabLayout mLayout;
    LabState mState;
};

} // namespace tartan::cli
