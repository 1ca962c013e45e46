#include "language.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTranslator>

namespace tartan::gui {

namespace {

constexpr const char *kKey = "appearance/language";

} // namespace

QList<Language::Choice> Language::choices()
{
    return {{QString(), QCoreApplication::translate("Language", "System language")},
            {QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
}

QString Language::saved()
{
    return QSettings().value(QLatin1String(kKey)).toString();
}

void Language::save(const QString &code)
{
    QSettings().setValue(QLatin1String(kKey), code);
}

QTranslator *Language::install(const QString &code)
{
    const QLocale locale = code.isEmpty() ? QLocale() : QLocale(code);
    auto *translator = new QTranslator(QCoreApplication::instance());
    // A language without a translation gets English, whose file holds the plural forms.
    if (!translator->load(locale, QStringLiteral("tartan"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        && !translator->load(QStringLiteral(":/i18n/tartan_en.qm"))) {
        delete translator;
        return nullptr;
    }
    QCoreApplication::installTranslator(translator);
    return translator;
}

} // namespace tartan::gui
