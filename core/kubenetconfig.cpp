#include "kubenetconfig.h"

#include "kubeclient.h"

#include <QPointer>
#include <QRegularExpression>

namespace tartan {

namespace {

bool isDnsName(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    return text.size() <= 253 && pattern.match(text).hasMatch();
}

bool isDataKey(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[-._a-zA-Z0-9]+$"));
    return text.size() <= 253 && pattern.match(text).hasMatch() && text != u"." && text != u"..";
}

/// The text under `key` of a ConfigMap object; empty when it has none. Only strings are data
/// (binaryData holds base64 and is not where a config lives).
Result<QByteArray> dataOf(const json::Json &configMap, const KubeConfigMapRef &ref)
{
    if (!configMap.is_object())
        return Error(QStringLiteral("%1: the answer is not an object").arg(ref.describe()));
    const json::Json data = configMap.value("data", json::Json::object());
    if (data.is_null())
        return QByteArray();
    if (!data.is_object())
        return Error(QStringLiteral("%1: data is %2, not an object").arg(ref.describe(), json::typeName(data)));
    const auto value = data.find(ref.key.toStdString());
    if (value == data.end())
        return QByteArray();
    if (!value->is_string())
        return Error(QStringLiteral("%1: data.%2 is %3, not a string").arg(ref.describe(), ref.key, json::typeName(*value)));
    return QByteArray::fromStdString(value->get<std::string>());
}

QString versionOf(const json::Json &configMap)
{
    const json::Json metadata = configMap.value("metadata", json::Json::object());
    const json::Json version = metadata.is_object() ? metadata.value("resourceVersion", json::Json()) : json::Json();
    return version.is_string() ? json::toQString(version.get<std::string>()) : QString();
}

} // namespace

Result<KubeConfigMapRef> KubeConfigMapRef::parse(const QString &text)
{
    const auto fail = [&text](const QString &why) {
        return Error(QStringLiteral("ConfigMap '%1': %2; expected NAMESPACE/NAME[:KEY], e.g. kube-flannel/kube-flannel-cfg:net-conf.json")
                         .arg(text, why));
    };
    KubeConfigMapRef ref;
    const qsizetype slash = text.indexOf(u'/');
    if (slash < 0)
        return fail(QStringLiteral("no '/' between namespace and name"));
    const qsizetype colon = text.indexOf(u':', slash);
    ref.nameSpace = text.left(slash);
    ref.name = text.mid(slash + 1, colon < 0 ? -1 : colon - slash - 1);
    if (colon >= 0)
        ref.key = text.mid(colon + 1);
    if (!isDnsName(ref.nameSpace) || ref.nameSpace.size() > 63 || ref.nameSpace.contains(u'.'))
        return fail(QStringLiteral("'%1' is not a namespace name").arg(ref.nameSpace));
    if (!isDnsName(ref.name))
        return fail(QStringLiteral("'%1' is not a ConfigMap name").arg(ref.name));
    if (!isDataKey(ref.key))
        return fail(QStringLiteral("'%1' is not a ConfigMap key").arg(ref.key));
    return ref;
}

QString KubeConfigMapRef::toString() const
{
    return QStringLiteral("%1/%2:%3").arg(nameSpace, name, key);
}

QString KubeConfigMapRef::describe() const
{
    return QStringLiteral("ConfigMap %1/%2").arg(nameSpace, name);
}

void KubeNetConfig::read(KubeClient *client, const KubeConfigMapRef &ref, const QObject *context,
                         std::function<void(Result<KubeNetConfigText>)> done)
{
    client->getConfigMap(ref.nameSpace, ref.name, context, [ref, done = std::move(done)](Result<json::Json, KubeError> answer) {
        const QString where = QStringLiteral("reading %1").arg(ref.describe());
        if (!answer)
            return done(answer.error().error().context(where));
        auto text = dataOf(*answer, ref);
        if (!text)
            return done(text.error().context(QStringLiteral("reading")));
        done(KubeNetConfigText{*text, versionOf(*answer)});
    });
}

void KubeNetConfig::write(KubeClient *client, const KubeConfigMapRef &ref, const QByteArray &newText, const QByteArray &expectedOldText,
                          const QObject *context, std::function<void(Status)> done)
{
    const QString where = QStringLiteral("writing %1").arg(ref.describe());
    const auto changed = [where](const QString &now) {
        return Error(QStringLiteral("%1: the config changed in the cluster since you opened it%2; open it again and redo your edit")
                         .arg(where, now));
    };
    // The client outlives the call (contract); `context` guards the second step as it does the first.
    const QPointer<const QObject> guard(context);
    const bool guarded = context != nullptr;
    client->getConfigMap(ref.nameSpace, ref.name, context,
                         [=, done = std::move(done)](Result<json::Json, KubeError> answer) mutable {
        if (!answer) {
            if (answer.error().httpStatus == 404 && !expectedOldText.isEmpty())
                return done(changed(QStringLiteral(" (the ConfigMap has been deleted)")));
            return done(answer.error().error().context(where));
        }
        auto current = dataOf(*answer, ref);
        if (!current)
            return done(current.error().context(QStringLiteral("writing")));
        if (*current != expectedOldText) {
            QString now;
            if (current->isEmpty())
                now = QStringLiteral(" (it has been deleted)");
            else if (expectedOldText.isEmpty())
                now = QStringLiteral(" (there was none, and now there is one)");
            return done(changed(now));
        }
        json::Json body = *answer;
        if (!body.contains("data") || !body["data"].is_object())
            body["data"] = json::Json::object();
        body["data"][ref.key.toStdString()] = newText.toStdString();
        // The version read is what makes the PUT conditional; the server refuses it (409) if the
        // ConfigMap changed since, even in a key this write does not touch.
        if (versionOf(body).isEmpty())
            return done(Error(QStringLiteral("%1: the ConfigMap has no metadata.resourceVersion to write over").arg(where)));
        if (guarded && !guard)
            return;
        client->replaceConfigMap(ref.nameSpace, ref.name, body, guard.data(),
                                 [where, changed, done = std::move(done)](Result<json::Json, KubeError> written) {
            if (written)
                return done(Status());
            if (written.error().httpStatus == 409)
                return done(changed(QString()));
            done(written.error().error().context(where));
        });
    });
}

} // namespace tartan
