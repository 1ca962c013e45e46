#include "tcprelay.h"

#include <QHostAddress>
#include <QTimer>

#include <algorithm>

namespace tartan::test {

namespace {

void reset(QTcpSocket *socket)
{
    if (socket)
        socket->abort();
}

} // namespace

TcpRelay::TcpRelay(quint16 targetPort, QObject *parent) : QObject(parent), mTargetPort(targetPort)
{
    connect(&mServer, &QTcpServer::newConnection, this, &TcpRelay::accept);
}

bool TcpRelay::listen()
{
    return mServer.listen(QHostAddress::LocalHost, 0);
}

void TcpRelay::setBlocked(bool blocked)
{
    mBlocked = blocked;
    if (!blocked)
        return;
    const auto connections = std::exchange(mConnections, {});
    for (const auto &connection : connections) {
        for (QTcpSocket *socket : {connection->inbound.data(), connection->outbound.data()}) {
            if (socket) {
                socket->abort();
                socket->deleteLater();
            }
        }
    }
}

void TcpRelay::injectFault(Fault fault, const QByteArray &marker, int times, int parameter)
{
    mFault = fault;
    mMarker = marker;
    mFaultsLeft = times;
    mParameter = parameter;
}

void TcpRelay::faultOpenConnections(Fault fault, int parameter, const QByteArray &marker)
{
    for (const auto &connection : std::as_const(mConnections)) {
        if (!marker.isEmpty() && !connection->lastRequest.contains(marker))
            continue;
        if (connection->inbound && connection->inbound->state() == QAbstractSocket::ConnectedState) {
            connection->fault = fault;
            connection->parameter = parameter;
            ++mInjected;
        }
    }
}

int TcpRelay::requestCount(const QByteArray &marker) const
{
    return int(std::count_if(mRequestLines.cbegin(), mRequestLines.cend(), [&](const QByteArray &line) { return line.contains(marker); }));
}

void TcpRelay::accept()
{
    while (QTcpSocket *inbound = mServer.nextPendingConnection()) {
        if (mBlocked) {
            inbound->abort();
            inbound->deleteLater();
            continue;
        }
        ++mRelayed;
        inbound->setParent(this);
        auto *outbound = new QTcpSocket(this);
        auto connection = std::make_shared<Connection>();
        connection->inbound = inbound;
        connection->outbound = outbound;
        mConnections += connection;
        // Bytes written while the outbound socket is still connecting are buffered by Qt.
        connect(inbound, &QTcpSocket::readyRead, this, [this, connection] { forwardRequest(*connection); });
        connect(outbound, &QTcpSocket::readyRead, this, [this, connection] { forwardResponse(*connection); });
        auto closeTogether = [](QTcpSocket *from, QTcpSocket *to) {
            connect(from, &QTcpSocket::disconnected, to, [to] { to->disconnectFromHost(); });
            connect(from, &QTcpSocket::errorOccurred, to, [to] { to->abort(); });
        };
        closeTogether(inbound, outbound);
        closeTogether(outbound, inbound);
        outbound->connectToHost(QHostAddress::LocalHost, mTargetPort);
    }
}

void TcpRelay::forwardRequest(Connection &connection)
{
    const QByteArray bytes = connection.inbound->readAll();
    connection.lastRequest = bytes;
    if (bytes.startsWith("POST ") || bytes.startsWith("GET "))
        mRequestLines += bytes.left(bytes.indexOf('\r'));
    if (mFaultsLeft > 0 && bytes.contains(mMarker)) {
        --mFaultsLeft;
        ++mInjected;
        connection.fault = mFault;
        connection.parameter = mParameter;
        if (mFault == Fault::DropRequest) {
            reset(connection.inbound);
            reset(connection.outbound);
            return;
        }
    }
    if (connection.outbound)
        connection.outbound->write(bytes);
}

void TcpRelay::forwardResponse(Connection &connection)
{
    const QByteArray bytes = connection.outbound->readAll();
    QTcpSocket *inbound = connection.inbound;
    if (!inbound)
        return;
    switch (connection.fault) {
    case Fault::None:
    case Fault::DropRequest:
        inbound->write(bytes);
        break;
    case Fault::LoseResponse:
        reset(inbound);
        reset(connection.outbound);
        break;
    case Fault::TruncateResponse: {
        const int passed = std::min(connection.parameter, int(bytes.size()));
        inbound->write(bytes.left(passed));
        connection.parameter -= passed;
        if (connection.parameter == 0) {
            // A clean close after the partial answer: the client sees the stream end mid-message.
            inbound->disconnectFromHost();
            reset(connection.outbound);
        }
        break;
    }
    case Fault::DelayResponse:
        QTimer::singleShot(connection.parameter, inbound, [inbound, bytes] { inbound->write(bytes); });
        break;
    case Fault::StallResponse:
        break; // swallowed: the client waits on an open, silent connection
    }
}

} // namespace tartan::test
