#pragma once

#include "configwriter.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace tartan {
class ClusterState;
struct NetworkConfig;
}

namespace tartan::gui {

class ConfigEditorDialog;

/// The cluster's network config as stored: the text (pretty-printed when it is JSON), and what it
/// means (network, subnet length and range, pool size, backend and its options with flannel's
/// defaults applied) or, in red, why it is invalid. "Edit…" opens a ConfigEditorDialog; it is
/// enabled once a ConfigWriter is set (a read-only view has none).
class ConfigPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConfigPanel(ClusterState *state, QWidget *parent = nullptr);

    /// Enables editing; an empty writer disables it again.
    void setConfigWriter(ConfigWriter writer);

    /// The summary as shown, one "label: value" line per row (or the error), for tests and copying.
    QString summaryText() const;
    /// The config text as shown.
    QString displayedText() const;

public slots:
    /// Opens the editor (window-modal) and returns it; nullptr without a writer.
    ConfigEditorDialog *openEditor();

private:
    void refresh();
    void addRow(const QString &label, const QString &value);
    void addSummary(const NetworkConfig &config);

    ClusterState *mState;
    ConfigWriter mWriter;
    QFormLayout *mSummary;
    QLabel *mError;
    QPlainTextEdit *mText;
    QPushButton *mEdit;
};

} // namespace tartan::gui
