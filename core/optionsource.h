#pragma once

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace tartan {

/// Where a flag's value comes from, in flanneld's precedence: the command line, then the
/// environment (TARTAN_<FLAG> before flanneld's FLANNELD_<FLAG>, so one host can run both), then
/// the default given to QCommandLineOption. The environment variable of "--etcd-endpoints" is
/// TARTAN_ETCD_ENDPOINTS / FLANNELD_ETCD_ENDPOINTS.
class OptionSource
{
public:
    // QProcessEnvironment (Qt 6.4) has no move constructor: a copy it is, shared implicitly.
    OptionSource(const QCommandLineParser &parser, const QProcessEnvironment &environment)
        : mParser(parser), mEnvironment(environment)
    {
    }

    QString value(const QString &flag) const;
    /// Repeatable flags (--iface): every command-line value, else the environment's comma-separated list.
    QStringList values(const QString &flag) const;
    /// A boolean flag: set on the command line, or "true"/"1"/"yes" in the environment.
    bool isSet(const QString &flag) const;
    /// Where value(flag) came from, for error messages: "--etcd-endpoints" or "FLANNELD_ETCD_ENDPOINTS".
    QString origin(const QString &flag) const;

    static QString environmentName(const QString &prefix, const QString &flag);

private:
    QString environmentValue(const QString &flag, QString *name = nullptr) const;

    const QCommandLineParser &mParser;
    QProcessEnvironment mEnvironment;
};

} // namespace tartan
