#pragma once

#include "nodereport.h"

#include <QHash>
#include <QTcpServer>
#include <QTcpSocket>

namespace tartan::test {

/// An agent's report endpoint for gui tests: a loopback HTTP server that answers GET /v1/report
/// with `report` (as tartand encodes it), GET /v1/summary with its summary, and POST /v1/reconcile
/// with 200, counting the repairs.
/// One request per connection, as AgentClient sends them.
class FakeAgent : public QTcpServer
{
public:
    NodeReport report;
    int repairs = 0;
    int reportsServed = 0;
    int summariesServed = 0;

    FakeAgent()
    {
        listen(QHostAddress::LocalHost);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
            }
        });
    }

    QString endpoint() const { return QStringLiteral("http://127.0.0.1:%1").arg(serverPort()); }

private:
    void answer(QTcpSocket *socket)
    {
        QByteArray &request = mPending[socket];
        request += socket->readAll();
        if (!request.contains("\r\n\r\n"))
            return;
        const QByteArray line = request.left(request.indexOf("\r\n"));
        mPending.remove(socket);
        QByteArray status = "200 OK";
        QByteArray body;
        if (line.startsWith("GET /v1/report")) {
            body = encodeNodeReport(report);
            ++reportsServed;
        } else if (line.startsWith("GET /v1/summary")) {
            body = encodeNodeSummary(report.summary);
            ++summariesServed;
        } else if (line.startsWith("POST /v1/reconcile")) {
            body = "{\"ok\":true}";
            ++repairs;
        } else {
            status = "404 Not Found";
            body = "{}";
        }
        socket->write("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                      + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    QHash<QTcpSocket *, QByteArray> mPending;
};

} // namespace tartan::test
