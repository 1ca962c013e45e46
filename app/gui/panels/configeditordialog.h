#pragma once

#include "configwriter.h"
#include "linediff.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace tartan {
class ClusterState;
}

namespace tartan::gui {

/// Edits the network config in two steps. Edit: a monospace editor that validates as you type
/// through NetworkConfig::parse and shows "valid" or the error (which names the field); "Review
/// changes…" is disabled while the text is invalid or unchanged. Review: the line diff of the stored
/// text against the new one, removed lines red, added lines green; only "Save" there writes, through
/// the ConfigWriter. A failed write shows its error on the review page and keeps the text; a
/// successful one closes the dialog (accept()).
///
/// The diff and the write's expected old value follow `state`: if the config changes in the store
/// while the dialog is open, the dialog says so and compares against (and expects) the new value,
/// so what the review shows is exactly what the write replaces.
class ConfigEditorDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Page { Edit, Review };

    ConfigEditorDialog(ClusterState *state, ConfigWriter writer, QWidget *parent = nullptr);

    /// The text in the editor.
    QByteArray text() const;
    void setText(const QByteArray &text);
    /// The stored value the write expects to replace (empty: no config in the store).
    QByteArray baseText() const { return mBase; }
    /// Whether the editor's text parses as a network config.
    bool isValid() const { return mValid; }
    /// What the validation line says: "valid", or the parse error.
    QString validationMessage() const;
    Page page() const;
    LineDiff diff() const;

    /// What the editor starts with when the store has no config yet.
    static QByteArray templateText();
    /// `text` indented by two spaces with a final newline if it parses as JSON (member order
    /// kept), else unchanged.
    static QByteArray prettyPrinted(const QByteArray &text);

public slots:
    /// To the review page; does nothing while the text is invalid or unchanged.
    void review();
    /// Back to the editor.
    void back();
    /// Re-indents the editor's JSON (prettyPrinted()), so that the review diffs line by line.
    void format();
    /// Writes (on the review page only); the outcome arrives through the writer's callback.
    void save();

signals:
    /// The store accepted `text`.
    void written(const QByteArray &text);

private:
    void validate();
    void showDiff();
    void baseChanged();
    void writeFinished(const Status &status);
    void updateButtons();

    ClusterState *mState;
    ConfigWriter mWriter;
    QByteArray mBase;
    bool mValid = false;
    bool mWriting = false;

    QStackedWidget *mPages;
    QPlainTextEdit *mEditor;
    QLabel *mValidation;
    QLabel *mBaseNotice;
    QPushButton *mFormatButton;
    QPushButton *mReviewButton;
    QPlainTextEdit *mDiffView;
    QLabel *mDiffSummary;
    QLabel *mWriteError;
    QPushButton *mBackButton;
    QPushButton *mSaveButton;
};

} // namespace tartan::gui
