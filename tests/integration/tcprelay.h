#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace tartan::test {

/// A loopback TCP relay in front of one port: the client under test talks to the relay, and the
/// test cuts it (setBlocked) to make etcd unreachable for that client alone while etcd keeps
/// running for everybody else. Lives on the test thread.
class TcpRelay : public QObject
{
    Q_OBJECT
public:
    explicit TcpRelay(quint16 targetPort, QObject *parent = nullptr);

    /// Listens on 127.0.0.1 at an ephemeral port.
    bool listen();
    quint16 port() const { return mServer.serverPort(); }

    /// Blocked: every relayed connection is reset now, and new ones are reset as they arrive.
    void setBlocked(bool blocked);
    bool isBlocked() const { return mBlocked; }
    /// Connections accepted and relayed so far.
    int relayedConnections() const { return mRelayed; }

private:
    void accept();

    QTcpServer mServer;
    quint16 mTargetPort;
    bool mBlocked = false;
    int mRelayed = 0;
    QList<QPointer<QTcpSocket>> mSockets;
};

} // namespace tartan::test
