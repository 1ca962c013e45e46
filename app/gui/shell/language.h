#pragma once

#include <QList>
#include <QLocale>
#include <QString>

class QTranslator;

namespace tartan::gui {

/// The user interface language: the system's by default, or one the user picked (kept in QSettings).
/// Translations are compiled into the program (:/i18n/tartan_<locale>.qm).
class Language
{
public:
    struct Choice
    {
        QString code;   ///< "" for the system's language, else "en", "zh_CN"
        QString native; ///< the language's own name, shown in the menu
    };

    static QList<Choice> choices();
    /// The saved choice, "" for the system's language.
    static QString saved();
    static void save(const QString &code);
    /// Installs the translator for `code` ("" = system). Returns the translator (owned by qApp),
    /// or nullptr when the language needs none (English) or none is compiled in.
    static QTranslator *install(const QString &code);
};

} // namespace tartan::gui
