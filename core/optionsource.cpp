#include "optionsource.h"

namespace tartan {

QString OptionSource::environmentName(const QString &prefix, const QString &flag)
{
    QString name = flag.toUpper();
    name.replace(u'-', u'_');
    return prefix + u'_' + name;
}

QString OptionSource::environmentValue(const QString &flag, QString *name) const
{
    for (const QString &prefix : {QStringLiteral("TARTAN"), QStringLiteral("FLANNELD")}) {
        const QString variable = environmentName(prefix, flag);
        if (mEnvironment.contains(variable)) {
            if (name)
                *name = variable;
            return mEnvironment.value(variable);
        }
    }
    return {};
}

QString OptionSource::value(const QString &flag) const
{
    if (mParser.isSet(flag))
        return mParser.value(flag);
    QString variable;
    QString fromEnvironment = environmentValue(flag, &variable);
    if (!variable.isEmpty())
        return fromEnvironment;
    return mParser.value(flag); // the option's default
}

QStringList OptionSource::values(const QString &flag) const
{
    if (mParser.isSet(flag))
        return mParser.values(flag);
    QString variable;
    const QString fromEnvironment = environmentValue(flag, &variable);
    if (!variable.isEmpty())
        return fromEnvironment.split(u',', Qt::SkipEmptyParts);
    return mParser.values(flag);
}

bool OptionSource::isSet(const QString &flag) const
{
    if (mParser.isSet(flag))
        return true;
    const QString fromEnvironment = environmentValue(flag).trimmed().toLower();
    return fromEnvironment == u"true" || fromEnvironment == u"1" || fromEnvironment == u"yes";
}

QString OptionSource::origin(const QString &flag) const
{
    if (mParser.isSet(flag))
        return QStringLiteral("--") + flag;
    QString variable;
    environmentValue(flag, &variable);
    return variable.isEmpty() ? QStringLiteral("--") + flag + QStringLiteral(" (default)") : variable;
}

} // namespace tartan
