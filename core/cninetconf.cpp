#include "cninetconf.h"

#include "cniargs.h"

namespace tartan {

namespace {

const QString kCheckIntroduced = QStringLiteral("0.4.0");

/// A string field, or `fallback` when absent or null.
Result<QString> stringField(const json::Json &object, const char *name, const QString &fallback = {})
{
    const json::Json *value = json::findField(object, name);
    if (!value || value->is_null())
        return fallback;
    if (!value->is_string())
        return Error(QStringLiteral("netconf: '%1' must be a string, got %2")
                         .arg(QLatin1String(name), json::typeName(*value)));
    return json::toQString(value->get<std::string>());
}

/// An object field, or null when absent or null.
Result<json::Json> objectField(const json::Json &object, const char *name)
{
    const json::Json *value = json::findField(object, name);
    if (!value || value->is_null())
        return json::Json();
    if (!value->is_object())
        return Error(QStringLiteral("netconf: '%1' must be an object, got %2")
                         .arg(QLatin1String(name), json::typeName(*value)));
    return *value;
}

} // namespace

const QStringList &CniNetConf::supportedVersions()
{
    static const QStringList versions{QStringLiteral("0.1.0"), QStringLiteral("0.2.0"),
                                      QStringLiteral("0.3.0"), QStringLiteral("0.3.1"),
                                      QStringLiteral("0.4.0"), QStringLiteral("1.0.0")};
    return versions;
}

QByteArray CniNetConf::versionJson()
{
    json::Json answer;
    answer["cniVersion"] = latestVersion().toStdString();
    answer["supportedVersions"] = json::Json::array();
    for (const QString &version : supportedVersions())
        answer["supportedVersions"].push_back(version.toStdString());
    return json::dump(answer) + '\n';
}

Result<CniNetConf> CniNetConf::fromJson(const json::Json &netconf)
{
    if (!netconf.is_object())
        return Error(QStringLiteral("netconf: expected a JSON object, got %1").arg(json::typeName(netconf)));
    CniNetConf conf;
    QString *strings[] = {&conf.mCniVersion, &conf.mName, &conf.mType, &conf.mSubnetFile, &conf.mDataDir};
    const char *stringNames[] = {"cniVersion", "name", "type", "subnetFile", "dataDir"};
    for (size_t i = 0; i < std::size(strings); ++i) {
        auto value = stringField(netconf, stringNames[i]);
        if (!value)
            return value.error();
        *strings[i] = std::move(value).value();
    }
    if (conf.mSubnetFile.isEmpty())
        conf.mSubnetFile = QLatin1String(kDefaultSubnetFile);
    if (conf.mDataDir.isEmpty())
        conf.mDataDir = QLatin1String(kDefaultDataDir);
    if (conf.mName.isEmpty())
        return Error(QStringLiteral("netconf: 'name' is missing"));
    if (!CniArgs::isValidIdentifier(conf.mName))
        return Error(QStringLiteral("netconf: name '%1' must be letters, digits, '_', '.' or '-', starting "
                                    "with a letter or digit")
                         .arg(conf.mName));

    json::Json *objects[] = {&conf.mDelegate, &conf.mIpam, &conf.mRuntimeConfig};
    const char *objectNames[] = {"delegate", "ipam", "runtimeConfig"};
    for (size_t i = 0; i < std::size(objects); ++i) {
        auto value = objectField(netconf, objectNames[i]);
        if (!value)
            return value.error();
        *objects[i] = std::move(value).value();
    }
    return conf;
}

QString CniNetConf::effectiveVersion() const
{
    return mCniVersion.isEmpty() ? QStringLiteral("0.1.0") : mCniVersion;
}

Status CniNetConf::checkVersion(bool forCheck) const
{
    const QString version = effectiveVersion();
    const qsizetype index = supportedVersions().indexOf(version);
    if (index < 0) {
        return Error(QStringLiteral("incompatible CNI versions: config is \"%1\", plugin supports [%2]")
                         .arg(version, supportedVersions().join(u' ')));
    }
    if (forCheck && index < supportedVersions().indexOf(kCheckIntroduced))
        return Error(QStringLiteral("config version \"%1\" does not allow CHECK (it needs %2 or later)")
                         .arg(version, kCheckIntroduced));
    return {};
}

} // namespace tartan
