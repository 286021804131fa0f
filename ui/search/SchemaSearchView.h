#pragma once

#include "search/SchemaSearchController.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeView;
class QVBoxLayout;

namespace sd::ui {

class Shell;

// Tools → Search schema texts: which schemas mention a field, a type, a namespace — in one registry or
// all of them. The search itself is search::SchemaSearchController's; this lays out the query, the
// options, the status line and the result list. A result opens the schema at the matching line.
class SchemaSearchView : public QWidget
{
    Q_OBJECT
public:
    explicit SchemaSearchView(Shell &shell, QWidget *parent = nullptr);

    void setQuery(const search::SearchQuery &query);
    search::SearchQuery query() const;
    void setScope(const QString &connectionId); // empty = every connection
    void search();
    void reload(); // forget the loaded registries, load and search again
    void cancel();

    bool isRunning() const { return m_controller->isRunning(); }
    const search::SearchResult &result() const { return m_controller->result(); }
    // The first matches found while registries load ("every version" searches); empty otherwise.
    const search::SearchResult &preview() const { return m_controller->preview(); }
    int shownMatchCount() const; // rows in the result list now
    QString statusText() const;
    int requestCount() const { return m_controller->requestCount(); }
    void openMatch(int index);

Q_SIGNALS:
    void finished();

private:
    void setupConnections();
    void setupQueryRow(QVBoxLayout *layout);
    void setupOptions(QVBoxLayout *layout);
    void setupResults(QVBoxLayout *layout);
    void setRunning(bool running);

    Shell &m_shell;
    QLineEdit *m_query = nullptr;
    QComboBox *m_scope = nullptr;
    QCheckBox *m_regex = nullptr;
    QCheckBox *m_caseSensitive = nullptr;
    QCheckBox *m_allVersions = nullptr;
    QCheckBox *m_deleted = nullptr;
    QPushButton *m_search = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_reload = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QTreeView *m_view = nullptr;
    search::SchemaSearchController *m_controller = nullptr; // the search itself: this view renders it
};

SchemaSearchView *openSchemaSearch(Shell &shell);

} // namespace sd::ui
