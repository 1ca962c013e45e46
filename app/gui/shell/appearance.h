#pragma once

#include <QObject>
#include <QString>

class QApplication;

namespace tartan::gui {

/// Light and dark palettes. "System" keeps the platform theme's palette (which follows the desktop's
/// light or dark setting); "Light" and "Dark" force Fusion with a palette of Tartan's own. The
/// choice is kept in QSettings and applied at start-up.
class Appearance
{
public:
    enum class Theme { System, Light, Dark };

    static Theme saved();
    static void save(Theme theme);
    /// Applies `theme` to the running application; widgets repaint at once.
    static void apply(Theme theme);
    /// True when the effective palette is dark (the topology's colours adapt to it).
    static bool isDark();

private:
    static QString sSystemStyle; // the style the platform chose, to go back to for System
};

} // namespace tartan::gui
