#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

namespace tartan::test {

/// A loopback TCP relay in front of one port: the client under test talks to the relay, and the
/// test cuts it (setBlocked) to make etcd unreachable for that client alone while etcd keeps
/// running for everybody else. It also injects faults into single requests: the request dropped
/// before it reaches etcd, its answer lost after etcd applied it, the answer cut short or delayed.
/// Lives on the test thread.
class TcpRelay : public QObject
{
    Q_OBJECT
public:
    enum class Fault {
        None,
        DropRequest,      ///< the connection is reset instead of forwarding the request
        LoseResponse,     ///< the request reaches etcd; the connection is reset when the answer comes
        TruncateResponse, ///< only the first `parameter` bytes of the answer arrive, then the connection closes
        DelayResponse,    ///< every byte of the answer arrives `parameter` ms late
        StallResponse,    ///< no byte of the answer arrives, and the connection stays open (a stalled
                          ///< proxy, a half-open connection)
    };

    explicit TcpRelay(quint16 targetPort, QObject *parent = nullptr);

    /// Listens on 127.0.0.1 at an ephemeral port.
    bool listen();
    quint16 port() const { return mServer.serverPort(); }

    /// Blocked: every relayed connection is reset now, and new ones are reset as they arrive.
    void setBlocked(bool blocked);
    bool isBlocked() const { return mBlocked; }
    /// Connections accepted and relayed so far.
    int relayedConnections() const { return mRelayed; }

    /// The next `times` requests whose bytes contain `marker` (an HTTP path such as "/v3/kv/txn")
    /// meet `fault`. Matching looks at each chunk the client sends, which for etcd's gateway holds
    /// the request line.
    void injectFault(Fault fault, const QByteArray &marker, int times = 1, int parameter = 0);
    /// Answers already flowing (a watch stream) meet `fault` from their next byte on: on every open
    /// connection, or only on those whose last request contained `marker` ("/v3/watch").
    void faultOpenConnections(Fault fault, int parameter = 0, const QByteArray &marker = {});
    /// Faults applied so far.
    int faultsInjected() const { return mInjected; }
    /// Requests relayed so far whose request line contains `marker` ("/v3/kv/txn").
    int requestCount(const QByteArray &marker) const;

private:
    struct Connection
    {
        QPointer<QTcpSocket> inbound;
        QPointer<QTcpSocket> outbound;
        Fault fault = Fault::None;
        int parameter = 0;
        QByteArray lastRequest; // the last bytes the client sent, for faultOpenConnections()
    };

    void accept();
    void forwardRequest(Connection &connection);
    void forwardResponse(Connection &connection);

    QTcpServer mServer;
    quint16 mTargetPort;
    bool mBlocked = false;
    int mRelayed = 0;
    QList<std::shared_ptr<Connection>> mConnections;
    Fault mFault = Fault::None;
    QByteArray mMarker;
    int mFaultsLeft = 0;
    int mParameter = 0;
    int mInjected = 0;
    QByteArrayList mRequestLines;
};

} // namespace tartan::test
