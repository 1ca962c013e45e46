#pragma once

#include "hostentry.h"
#include "sshsession.h"

#include <QMutex>
#include <QObject>

#include <atomic>

class QThread;

namespace tartan::gui {

/// A local port forward to an agent's report endpoint through the SSH connection to its host:
/// listens on 127.0.0.1 (a free port) and carries each connection over a direct-tcpip channel to
/// remoteHost:remotePort as the host sees it (the agent's 127.0.0.1:8476 by default), so that
/// AgentClient fetches the full report from a node it cannot reach directly.
///
/// The listening socket is bound in start(), so url() is known at once; the SSH connection is
/// opened on the tunnel's own thread (connections wait in the backlog meanwhile). If it fails the
/// socket closes (clients see the connection refused) and error() says why.
class AgentTunnel : public QObject
{
    Q_OBJECT
public:
    AgentTunnel(deploy::HostEntry host, deploy::SshCallbacks callbacks, QString remoteHost, int remotePort,
                QObject *parent = nullptr);
    ~AgentTunnel() override;

    /// Binds and starts; the local URL ("http://127.0.0.1:PORT").
    Result<QString> start();
    QString url() const { return mUrl; }
    bool isRunning() const { return mRunning; }
    QString error() const;
    const deploy::HostEntry &host() const { return mHost; }

signals:
    /// The tunnel ended with an error (queued to the owner's thread).
    void failed(const QString &error);

private:
    void run();

    deploy::HostEntry mHost;
    deploy::SshCallbacks mCallbacks;
    QString mRemoteHost;
    int mRemotePort;
    int mListenFd = -1;
    QString mUrl;
    std::atomic_bool mStop{false};
    std::atomic_bool mRunning{false};
    mutable QMutex mMutex;
    QString mError;
    QThread *mThread = nullptr;
};

} // namespace tartan::gui
