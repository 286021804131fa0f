#pragma once

#include "modes/SubjectFinder.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableWidget;

namespace sd::ui {

class Shell;

// "Find a subject across all connections": asks every registry (all contexts) and lists the
// matches; a registry that fails shows its error in its own row and never hides the others.
class FindSubjectView : public QWidget
{
    Q_OBJECT
public:
    explicit FindSubjectView(Shell &shell, QWidget *parent = nullptr);

    void find(const QString &text);
    QTableWidget *results() const { return m_table; }

Q_SIGNALS:
    void searched(int matches);

private:
    void addRow(const sd::modes::SubjectMatch &line);

    Shell &m_shell;
    QLineEdit *m_query = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_status = nullptr;
    modes::SubjectFinder *m_finder = nullptr; // the asking; this widget only lists the lines
};

} // namespace sd::ui
