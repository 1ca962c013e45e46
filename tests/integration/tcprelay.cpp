#include "tcprelay.h"

#include <QHostAddress>

namespace tartan::test {

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
    const auto sockets = std::exchange(mSockets, {});
    for (const QPointer<QTcpSocket> &socket : sockets) {
        if (socket) {
            socket->abort();
            socket->deleteLater();
        }
    }
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
        mSockets += {inbound, outbound};
        // Bytes written while the outbound socket is still connecting are buffered by Qt.
        auto pipe = [](QTcpSocket *from, QTcpSocket *to) {
            connect(from, &QTcpSocket::readyRead, to, [from, to] { to->write(from->readAll()); });
            connect(from, &QTcpSocket::disconnected, to, [to] { to->disconnectFromHost(); });
            connect(from, &QTcpSocket::errorOccurred, to, [to] { to->abort(); });
        };
        pipe(inbound, outbound);
        pipe(outbound, inbound);
        outbound->connectToHost(QHostAddress::LocalHost, mTargetPort);
    }
}

} // namespace tartan::test
