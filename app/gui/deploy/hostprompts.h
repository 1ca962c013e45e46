#pragma once

#include "sshsession.h"

#include <QObject>
#include <QPointer>

#include <atomic>
#include <functional>
#include <memory>

class QWidget;

namespace tartan::gui {

/// The questions an SSH connection asks the user, answered on the GUI thread while the connection
/// waits on its worker thread: accept an unknown host key (shown with its SHA256 fingerprint), and
/// the password for user@host (asked in a dialog, handed to libssh once, never kept).
///
/// callbacks() returns deploy::SshCallbacks that may be called from any worker thread: each asks
/// on the GUI thread (one question at a time) and waits for the answer, giving up (reject, no
/// password) as soon as cancel() is called or this object is gone, so that a worker never waits
/// for a window that was closed.
class HostPrompts : public QObject
{
    Q_OBJECT
public:
    using KeyAsker = std::function<bool(const QString &host, const QString &fingerprint)>;
    using PasswordAsker = std::function<QString(const QString &userAtHost)>;

    /// Dialogs parented to `window`.
    explicit HostPrompts(QWidget *window, QObject *parent = nullptr);
    ~HostPrompts() override;

    using Warner = std::function<void(const QString &host, const QString &warning)>;

    /// Replaces the dialogs (tests; a scripted answer). Called on the GUI thread.
    void setAskers(KeyAsker key, PasswordAsker password);
    void setWarner(Warner warner) { mWarner = std::move(warner); }
    /// Shows changedKeyWarning() for a host whose key changed (a warning dialog). GUI thread.
    void warnChangedKey(const QString &host, const QString &error);

    deploy::SshCallbacks callbacks();
    /// Refuses every question of the callbacks handed out last, now and from now on.
    void cancel();

    /// The text of the unknown-key question.
    static QString unknownKeyText(const QString &host, const QString &fingerprint);
    /// Whether an SshSession error is the refusal of a changed host key (shown as a warning of its
    /// own, since it may be an attack).
    static bool isChangedKeyRefusal(const QString &error);
    /// The warning shown for such a refusal.
    static QString changedKeyWarning(const QString &host, const QString &error);

private:
    bool askKey(const QString &host, const QString &fingerprint);
    QString askPassword(const QString &userAtHost);

    QPointer<QWidget> mWindow;
    KeyAsker mKeyAsker;
    PasswordAsker mPasswordAsker;
    Warner mWarner;
    std::shared_ptr<std::atomic_bool> mCancelled;
};

} // namespace tartan::gui
