#include "agenttunnel.h"

#include <QThread>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tartan::gui {

AgentTunnel::AgentTunnel(deploy::HostEntry host, deploy::SshCallbacks callbacks, QString remoteHost, int remotePort, QObject *parent)
    : QObject(parent), mHost(std::move(host)), mCallbacks(std::move(callbacks)), mRemoteHost(std::move(remoteHost)), mRemotePort(remotePort)
{
}

AgentTunnel::~AgentTunnel()
{
    mStop = true;
    if (mThread) {
        mThread->wait();
        delete mThread;
    }
}

QString AgentTunnel::error() const
{
    QMutexLocker lock(&mMutex);
    return mError;
}

Result<QString> AgentTunnel::start()
{
    if (mThread)
        return mUrl;
    mListenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (mListenFd < 0 || ::bind(mListenFd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(mListenFd, 16) != 0 || ::getsockname(mListenFd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        if (mListenFd >= 0)
            ::close(mListenFd);
        mListenFd = -1;
        return Error(tr("cannot listen on 127.0.0.1 for the tunnel to %1: %2").arg(mHost.ssh.host, why));
    }
    mUrl = QStringLiteral("http://127.0.0.1:%1").arg(ntohs(address.sin_port));
    mRunning = true;
    mThread = QThread::create([this] { run(); });
    mThread->start();
    return mUrl;
}

void AgentTunnel::run()
{
    // The libssh session lives and dies on this thread.
    deploy::SshSession session;
    Status status = session.open(mHost.ssh, mCallbacks);
    if (status)
        status = session.forward(mListenFd, mRemoteHost, mRemotePort, [this] { return !mStop; });
    ::close(mListenFd);
    mListenFd = -1;
    mRunning = false;
    if (!status) {
        {
            QMutexLocker lock(&mMutex);
            mError = status.error().message();
        }
        QMetaObject::invokeMethod(this, [this, message = status.error().message()] { emit failed(message); }, Qt::QueuedConnection);
    }
}

} // namespace tartan::gui
