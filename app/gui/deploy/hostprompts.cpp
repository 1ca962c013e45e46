#include "hostprompts.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QMutex>
#include <QPushButton>
#include <QSemaphore>
#include <QWidget>

namespace tartan::gui {

namespace {

// One question at a time, whichever host asks.
QMutex gAskMutex;

// Runs `ask` on the thread of `context` and waits for it, polling `cancelled` so that a closed
// window (context deleted, the queued call dropped) or a cancel() never leaves the worker waiting.
template <typename T>
T askOnGuiThread(QObject *context, const std::shared_ptr<std::atomic_bool> &cancelled, std::function<T()> ask, T refusal)
{
    QMutexLocker lock(&gAskMutex);
    struct Pending
    {
        QSemaphore done;
        T answer;
    };
    auto pending = std::make_shared<Pending>();
    pending->answer = refusal;
    QMetaObject::invokeMethod(context, [pending, ask, cancelled] {
        if (!*cancelled)
            pending->answer = ask();
        pending->done.release();
    }, Qt::QueuedConnection);
    while (!pending->done.tryAcquire(1, 100))
        if (*cancelled)
            return refusal;
    return pending->answer;
}

} // namespace

HostPrompts::HostPrompts(QWidget *window, QObject *parent)
    : QObject(parent), mWindow(window), mCancelled(std::make_shared<std::atomic_bool>(false))
{
    mKeyAsker = [this](const QString &host, const QString &fingerprint) {
        QMessageBox box(QMessageBox::Question, tr("Unknown host key"), unknownKeyText(host, fingerprint),
                        QMessageBox::NoButton, mWindow);
        QPushButton *accept = box.addButton(tr("Accept and Remember"), QMessageBox::AcceptRole);
        box.addButton(tr("Reject"), QMessageBox::RejectRole);
        box.exec();
        return box.clickedButton() == static_cast<QAbstractButton *>(accept);
    };
    mPasswordAsker = [this](const QString &userAtHost) {
        bool ok = false;
        QString password = QInputDialog::getText(mWindow, tr("SSH password"),
                                                 tr("Password for %1 (used for this connection only, never stored):").arg(userAtHost),
                                                 QLineEdit::Password, {}, &ok);
        return ok ? password : QString();
    };
}

void HostPrompts::warnChangedKey(const QString &host, const QString &error)
{
    const QString warning = changedKeyWarning(host, error);
    if (mWarner)
        mWarner(host, warning);
    else
        QMessageBox::warning(mWindow, tr("Host key changed"), warning);
}

HostPrompts::~HostPrompts()
{
    cancel();
}

void HostPrompts::setAskers(KeyAsker key, PasswordAsker password)
{
    mKeyAsker = std::move(key);
    mPasswordAsker = std::move(password);
}

deploy::SshCallbacks HostPrompts::callbacks()
{
    // A flag of their own: cancelling these does not stop callbacks handed out later.
    mCancelled = std::make_shared<std::atomic_bool>(false);
    deploy::SshCallbacks callbacks;
    QPointer<HostPrompts> self(this);
    auto cancelled = mCancelled;
    // `cancelled` is set before this object goes (destructor), and whoever deletes it while a job
    // runs waits for the job or hands this object to it (DeployWizard): checked first, `self` is valid.
    callbacks.acceptUnknownKey = [self, cancelled](const QString &host, const QString &fingerprint) {
        if (*cancelled || !self)
            return false;
        return askOnGuiThread<bool>(self.data(), cancelled, [self, host, fingerprint] { return self && self->askKey(host, fingerprint); }, false);
    };
    callbacks.password = [self, cancelled](const QString &userAtHost) {
        if (*cancelled || !self)
            return QString();
        return askOnGuiThread<QString>(self.data(), cancelled,
                                       [self, userAtHost] { return self ? self->askPassword(userAtHost) : QString(); }, QString());
    };
    return callbacks;
}

void HostPrompts::cancel()
{
    *mCancelled = true;
}

bool HostPrompts::askKey(const QString &host, const QString &fingerprint)
{
    return mKeyAsker && mKeyAsker(host, fingerprint);
}

QString HostPrompts::askPassword(const QString &userAtHost)
{
    return mPasswordAsker ? mPasswordAsker(userAtHost) : QString();
}

QString HostPrompts::unknownKeyText(const QString &host, const QString &fingerprint)
{
    return tr("The authenticity of host %1 cannot be established: its key is not in known_hosts.\n\n"
              "Key fingerprint: %2\n\n"
              "Compare it with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the host). "
              "Accepting records the key in known_hosts.")
        .arg(host, fingerprint);
}

bool HostPrompts::isChangedKeyRefusal(const QString &error)
{
    return error.contains(QLatin1String("REFUSED: the host key changed"));
}

QString HostPrompts::changedKeyWarning(const QString &host, const QString &error)
{
    return tr("WARNING: the host key of %1 has changed since it was recorded in known_hosts. Someone may be "
              "intercepting the connection, or the host was reinstalled. Nothing was done on this host. "
              "If the change is expected, remove the old key (ssh-keygen -R %1) and test again.\n\n%2")
        .arg(host, error);
}

} // namespace tartan::gui
