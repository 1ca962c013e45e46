#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace tartan::cli {

/// Rows of text aligned in columns, for terminal output.
class TextTable
{
public:
    explicit TextTable(QStringList header) : mHeader(std::move(header)) {}
    void addRow(QStringList row) { mRows.append(std::move(row)); }
    /// Every line, columns padded to the widest cell and separated by two spaces.
    QString toString() const;

private:
    QStringList mHeader;
    QList<QStringList> mRows;
};

} // namespace tartan::cli
