#include "locallabs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace tartan::gui {

LocalLabs::Found LocalLabs::find(const QString &root)
{
    Found found;
    const QDir dir(root);
    const QStringList names = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : names) {
        const QString path = dir.filePath(name + QStringLiteral("/lab.json"));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            // A lab being built has its directory before its lab.json: not a lab yet, unless the
            // file is there and only the permissions keep it from us.
            if (file.exists() || !QFileInfo(dir.filePath(name)).isReadable())
                found.unreadable.append({name, path, file.errorString()});
            continue;
        }
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
        if (!document.isObject()) {
            found.unreadable.append({name, path, error.errorString()});
            continue;
        }
        const QJsonObject object = document.object();
        LocalLab lab;
        lab.name = object.value(QStringLiteral("name")).toString(name);
        lab.stateFile = path;
        lab.endpoint = object.value(QStringLiteral("etcdEndpoint")).toString();
        lab.prefix = object.value(QStringLiteral("etcdPrefix")).toString();
        lab.created = QDateTime::fromString(object.value(QStringLiteral("created")).toString(), Qt::ISODate);
        for (const auto &node : object.value(QStringLiteral("nodes")).toArray()) {
            const QString published = node[QStringLiteral("reportEndpoint")].toString();
            const QString relay = node[QStringLiteral("reportRelay")].toString();
            if (!published.isEmpty() && !relay.isEmpty())
                lab.reportRelays.insert(published, relay);
        }
        if (lab.endpoint.isEmpty()) {
            found.unreadable.append({name, path, QStringLiteral("no etcdEndpoint in it")});
            continue;
        }
        found.labs.append(lab);
    }
    std::stable_sort(found.labs.begin(), found.labs.end(), [](const LocalLab &a, const LocalLab &b) { return a.created > b.created; });
    return found;
}

QHash<QString, QString> LocalLabs::reportRelaysFor(const QList<QUrl> &etcdEndpoints, const QString &root)
{
    for (const LocalLab &lab : find(root).labs) {
        const QUrl relay(lab.endpoint);
        for (const QUrl &url : etcdEndpoints)
            if (url.host() == relay.host() && url.port(-1) == relay.port(-1) && url.scheme() == relay.scheme())
                return lab.reportRelays;
    }
    return {};
}

QHash<QString, QString> LocalLabs::allReportRelays(const QString &root)
{
    QHash<QString, QString> relays;
    for (const LocalLab &lab : find(root).labs)
        for (auto it = lab.reportRelays.constBegin(); it != lab.reportRelays.constEnd(); ++it)
            if (!relays.contains(it.key()))
                relays.insert(it.key(), it.value());
    return relays;
}

} // namespace tartan::gui
