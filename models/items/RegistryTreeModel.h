#pragma once

#include "ScopeSettings.h"

#include <memory>
#include <optional>
#include <QAbstractItemModel>
#include <QColor>
#include <QHash>
#include <QStringList>
#include <unordered_map>
#include <vector>

namespace sd::items {

// The left dock's tree: connection → context → subject → version, plus an "Exporters" node per
// connection. Built for a million subjects: nodes are plain structs, the filter asks an index over the
// names (SubjectNameIndex, made with the skeleton off the GUI thread; a linear scan over prepared
// lower-case names until it exists), no recursive proxy, and subjects are added in bulk.
//
// The model holds data only. Loading is someone else's job: when the view asks for children the model
// does not have, it emits fetchRequested() and shows a "loading" state until data or an error arrives.
class RegistryTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class Kind : quint8 { Connection, Context, Subject, Version, Exporters, Exporter };
    Q_ENUM(Kind)

    enum Column { NameColumn, DetailsColumn, ColumnCount };

    enum Role {
        KindRole = Qt::UserRole + 1,
        ConnectionIdRole,
        ContextRole,          // ".", ".source"
        QualifiedSubjectRole, // ":.source:pageviews-value", or "pageviews-value" in the default context
        SubjectRole,          // the unqualified name
        SchemaTypeRole,
        VersionCountRole,
        VersionRole,
        SchemaIdRole,
        DeletedRole,
        EffectiveModeRole,
        ModeSourceRole, // SettingSource as int
        EffectiveCompatibilityRole,
        CompatibilitySourceRole,
        ErrorRole,
        LoadingRole,
        ExporterStateRole,
        PausedExportersRole,
        FilterMatchRole,
    };

    struct ConnectionInfo
    {
        QString id;
        QString name;
        QColor colour;
        QString tag;
        bool readOnly = false;
        bool isProtected = false;
        bool tlsVerificationOff = false;
        QString server; // the detected flavour and what it cannot do, once the capabilities are probed
    };

    struct VersionInfo
    {
        int version = 0;
        int id = -1;
        bool deleted = false;
    };

    // One row of a bulk /schemas page.
    struct SchemaSummary
    {
        QString qualifiedSubject;
        int version = 0;
        int id = -1;
        QString schemaType;
        bool deleted = false;
    };

    struct ExporterSummary
    {
        QString name;
        QString state;
        QString error; // why its status could not be read (then `state` is empty)
    };

    explicit RegistryTreeModel(QObject *parent = nullptr);
    ~RegistryTreeModel() override;

    // --- data in
    void addConnection(const ConnectionInfo &info);
    void updateConnection(const ConnectionInfo &info);
    void removeConnection(const QString &connectionId);
    QStringList connectionIds() const;

    void setConnectionLoading(const QString &connectionId, bool loading);
    // An error on the connection node (and nothing below it); an empty message clears it.
    void setConnectionError(const QString &connectionId, const QString &message);
    // What the last load noticed (e.g. duplicate names collapsed), said in the connection's tooltip.
    void setConnectionNotice(const QString &connectionId, const QString &notice);
    // The skeleton: every subject (qualified names, soft-deleted ones included) and the context list.
    // Replaces what was there; keeps versions already loaded for subjects that remain.
    void setSubjects(const QString &connectionId, const QStringList &qualifiedSubjects,
                     const QStringList &contexts = {});
    // The same in two steps for big registries: prepareSubjects() does the sorting, splitting and node
    // allocation and may run on a worker thread (it touches no model); setSubjects() with its result
    // then only links the nodes in on the GUI thread. A prepared skeleton is used once.
    struct PreparedSubjects;
    static std::shared_ptr<PreparedSubjects> prepareSubjects(const QStringList &qualifiedSubjects,
                                                             const QStringList &contexts = {});
    // Adds contexts that hold no subject (a few names; cheap on any thread).
    static void addPreparedContexts(PreparedSubjects &prepared, const QStringList &contexts);
    void setSubjects(const QString &connectionId, const std::shared_ptr<PreparedSubjects> &prepared);
    // A big skeleton in two parts, so the first screenful shows before 100k nodes exist: names
    // [begin, end) of a list sorted as the registry sorts it (QString order), prepared on any thread;
    // the first part goes to setSubjects(), the rest to appendSubjects(), which adds its rows at the end
    // of their contexts (the names sort after those already there).
    static std::shared_ptr<PreparedSubjects> prepareSortedRange(const QStringList &sortedSubjects,
                                                                qsizetype begin, qsizetype end);
    void appendSubjects(const QString &connectionId, const std::shared_ptr<PreparedSubjects> &rest);
    // Bulk version data, in any order and in pages; subjects not in the skeleton are added.
    void addSchemaSummaries(const QString &connectionId, const QList<SchemaSummary> &rows);
    // Marks the bulk data complete: subjects without any summary are soft-deleted-only or empty.
    void finishSchemaSummaries(const QString &connectionId);
    void setVersions(const QString &connectionId, const QString &qualifiedSubject,
                     const QList<VersionInfo> &versions);
    // A subject that is gone for good (permanently deleted).
    void removeSubject(const QString &connectionId, const QString &qualifiedSubject);
    void setSubjectError(const QString &connectionId, const QString &qualifiedSubject,
                         const QString &message);
    // scope: "" = top level (default context), ":.ctx:" = a context, ":.__GLOBAL:" = global, else a subject.
    // `error`: why a context's settings could not be read, said on its node.
    void setScopeSettings(const QString &connectionId, const QString &scope, const ScopeSettings &settings,
                          const QString &error = {});
    void setExporters(const QString &connectionId, const QList<ExporterSummary> &exporters,
                      bool offered = true);
    // The exporter list could not be read: the Exporters node says why (the connection's Retry reloads).
    void setExportersError(const QString &connectionId, const QString &message);

    // --- presentation
    void setFilterText(const QString &text);
    QString filterText() const { return m_filter; }
    void setShowDeleted(bool show);
    bool showDeleted() const { return m_showDeleted; }
    // Subjects shown under all connections (after the filter and the deleted toggle).
    int matchingSubjectCount() const;

    // --- lookup
    // The rows under `parent` (the connections under the root), in order; with `kind`, only the rows of
    // that kind (a connection holds contexts and an Exporters group).
    QModelIndexList childRows(const QModelIndex &parent, std::optional<Kind> kind = std::nullopt) const;
    QModelIndex connectionIndex(const QString &connectionId) const;
    QModelIndex contextIndex(const QString &connectionId, const QString &context) const;
    QModelIndex subjectIndex(const QString &connectionId, const QString &qualifiedSubject) const;
    int subjectCount(const QString &connectionId) const;
    // What the connection's load found, whatever the filter shows: its contexts (".", ".source") and
    // whether it holds a subject (soft-deleted ones included).
    QStringList contextNames(const QString &connectionId) const;
    bool containsSubject(const QString &connectionId, const QString &qualifiedSubject) const;
    ScopeSettings scopeSettings(const QString &connectionId, const QString &scope) const;

    // --- QAbstractItemModel
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    // The view wants children the model does not have yet: the subjects of a connection (kind
    // Connection) or the versions of a subject (kind Subject, qualifiedSubject set).
    void fetchRequested(const QString &connectionId, sd::items::RegistryTreeModel::Kind kind,
                        const QString &qualifiedSubject);
    // Bulk pages updated subjects' details (type, version count) in place: repaint what is visible.
    // (Not dataChanged: over a range of thousands of rows QTreeView's cost grows with the square.)
    void summariesChanged(const QString &connectionId);

private:
    struct Node;
    static void createVersionNodes(Node &subject);
    static std::vector<Node *> visibleVersionRows(const Node &subject, bool showDeleted);
    struct ConnectionData;
    static int contextSlot(PreparedSubjects &prepared, const QString &context);
    static void prepareRange(PreparedSubjects &prepared, const QStringList &sorted, qsizetype begin,
                             qsizetype end);

    Node *nodeFor(const QModelIndex &index) const;
    QModelIndex indexFor(const Node *node, int column = 0) const;
    ConnectionData *connection(const QString &connectionId) const;
    Node *findContext(ConnectionData &data, const QString &context) const;
    Node *ensureContext(ConnectionData &data, const QString &context);
    Node *findSubject(ConnectionData &data, const QString &qualifiedSubject) const;
    // The subject's node, or null when the connection or the subject is unknown.
    Node *subjectNode(const QString &connectionId, const QString &qualifiedSubject) const;
    Node *ensureSubject(ConnectionData &data, const QString &qualifiedSubject);
    void recomputeSubject(Node &subject) const;
    bool subjectVisible(const Node &subject) const;
    // `matched`: a context's visible subjects as the name index found them (else it scans them).
    void rebuildVisible(Node &node, std::vector<Node *> *matched = nullptr);
    void indexSubject(ConnectionData &data, Node *node);
    void adoptNameIndex(ConnectionData &data, PreparedSubjects &prepared);
    std::unordered_map<const Node *, std::vector<Node *>> matchesByContext(ConnectionData &data) const;
    void removeConnectionRows(ConnectionData &data);
    void insertConnectionRows(ConnectionData &data);
    void rebuildConnection(ConnectionData &data);
    // Replaces the rows of the contexts holding `subjects` (their version rows made anew where
    // materialized); the whole connection when a context's own row would appear or go.
    void rebuildSubjectRows(ConnectionData &data, const QList<Node *> &subjects);
    void resetPresentation();
    const ConnectionData &connectionOf(const Node &node) const;
    QString detailsText(const Node &node) const;
    QString toolTip(const Node &node) const;
    EffectiveValue effective(const Node &node, bool mode) const;

    std::vector<std::unique_ptr<ConnectionData>> m_connections;
    std::unique_ptr<Node> m_root;
    QString m_filter;
    QString m_filterLower;
    bool m_showDeleted = false;
};

} // namespace sd::items
