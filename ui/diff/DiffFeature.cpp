#include "DiffFeature.h"

#include "CompareDialog.h"
#include "diff/SubjectMapping.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "MirrorView.h"
#include "SchemaFolderExport.h"
#include "ui/Commands.h"
#include "ui/CommonWidgets.h"
#include "ui/Dialogs.h"
#include "ui/PlainText.h"
#include "ui/Shell.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonObject>
#include <QMenu>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace sd::ui {

namespace {
using Model = items::RegistryTreeModel;
using Kind = items::RegistryTreeModel::Kind;

// The registered version the tree's current item stands for (subject: latest).
DiffSide sideOfIndex(const QModelIndex &index)
{
    DiffSide side;
    const auto kind = index.data(Model::KindRole).value<Kind>();
    if (kind != Kind::Subject && kind != Kind::Version)
        return side;
    side.connectionId = index.data(Model::ConnectionIdRole).toString();
    side.subject = index.data(Model::QualifiedSubjectRole).toString();
    side.version = kind == Kind::Version ? index.data(Model::VersionRole).toInt() : 0;
    return side;
}

QString connectionIdOf(const QModelIndex &index)
{
    return index.data(Model::ConnectionIdRole).toString();
}

// The first open connection other than `connectionId`: the other side of a mirror, by default.
QString otherConnection(Shell &shell, const QString &connectionId)
{
    for (const QString &id : shell.workspace()->connectionIds()) {
        if (id != connectionId)
            return id;
    }
    return {};
}

DiffSide currentTreeSide(Shell &shell)
{
    return sideOfIndex(shell.currentTreeIndex().siblingAtColumn(0));
}

void openCompareDialog(Shell &shell, const DiffSide &left)
{
    const QString selected = connectionIdOf(shell.currentTreeIndex());
    auto *dialog = new CompareDialog(shell, left, selected, shell.window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(dialog, &QDialog::accepted, &shell, [&shell, dialog] {
        openDiff(shell, dialog->leftPicker()->side(), dialog->rightPicker()->side());
    });
    dialog->open();
}

void chooseFileAndCompare(Shell &shell, const DiffSide &registered)
{
    if (!registered.isRegistry()) {
        Dialogs::information(shell.window(), QObject::tr("Compare with a file"),
                             QObject::tr("Select a subject or version in the tree first."));
        return;
    }
    const QString path = QFileDialog::getOpenFileName(
        shell.window(), QObject::tr("Compare %1 with a file").arg(registered.subject), QString(),
        QObject::tr("Schemas (*.avsc *.json *.proto);;All files (*)"));
    if (!path.isEmpty())
        openFileDiff(shell, registered, path);
}

} // namespace

DiffView *openDiff(Shell &shell, const DiffSide &left, const DiffSide &right)
{
    const QString key = DiffView::tabKey(left, right);
    // A second open focuses the tab, loading nothing again.
    if (auto *open = shell.focusOpenTab<DiffView>(
            [&key](DiffView *view) { return view->property("sdDiffKey").toString() == key; }))
        return open;
    auto *view = new DiffView(new diff::DiffSession(shell.workspace(), left, right));
    view->setProperty("sdDiffKey", key);
    shell.openTab(key, view, view->title());
    QObject::connect(view, &DiffView::ready, &shell,
                     [&shell, view] { shell.setTabTitle(view, literalCaption(view->title())); });
    return view;
}

DiffView *openPreviousVersionDiff(Shell &shell, const QString &connectionId, const QString &subject,
                                  int version)
{
    DiffSide left;
    left.connectionId = connectionId;
    left.subject = subject;
    left.version = DiffSide::previousVersion;
    DiffSide right = left;
    right.version = version;
    return openDiff(shell, left, right);
}

DiffView *openFileDiff(Shell &shell, const DiffSide &registered, const QString &filePath)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        Dialogs::warning(shell.window(), QObject::tr("File not read"),
                         QObject::tr("%1 could not be read: %2").arg(filePath, file.errorString()));
        return nullptr;
    }
    DiffSide local;
    local.text = QString::fromUtf8(file.readAll());
    local.label = QFileInfo(filePath).fileName();
    const QString suffix = QFileInfo(filePath).suffix().toLower();
    if (suffix == u"proto")
        local.schemaType = u"PROTOBUF"_s;
    else if (suffix == u"avsc")
        local.schemaType = u"AVRO"_s;
    return openDiff(shell, registered, local);
}

QString suggestCounterpart(const QStringList &targetSubjects, const QString &subject, bool sameConnection,
                           const QString &sourceConnectionName)
{
    const registry::QualifiedSubject wanted = registry::QualifiedSubject::parse(subject);
    QStringList prefixed;
    for (const QString &candidate : targetSubjects) {
        if (sameConnection && candidate == subject)
            continue;
        const registry::QualifiedSubject parsed = registry::QualifiedSubject::parse(candidate);
        if (parsed.name == wanted.name && parsed.context != wanted.context && parsed.context != u".")
            prefixed << candidate;
    }
    if (!prefixed.isEmpty()) {
        // An exporter's CUSTOM context is often named after the source ("source", "dc1").
        const QString lowerName = sourceConnectionName.toLower();
        for (const QString &candidate : std::as_const(prefixed)) {
            const QString context = registry::QualifiedSubject::parse(candidate).context.mid(1).toLower();
            if (!context.isEmpty() && !lowerName.isEmpty() &&
                (lowerName.contains(context) || context.contains(lowerName)))
                return candidate;
        }
        return prefixed.first();
    }
    if (targetSubjects.contains(subject))
        return subject;
    for (const QString &candidate : targetSubjects) {
        if (registry::QualifiedSubject::parse(candidate).name == wanted.name)
            return candidate;
    }
    return {};
}

namespace {

DiffSide sideOf(const QVariantMap &arguments, const QString &prefix)
{
    DiffSide side;
    side.connectionId = arguments.value(prefix + u"connectionId"_s).toString();
    side.subject = arguments.value(prefix + u"subject"_s).toString();
    side.version = arguments.value(prefix + u"version"_s, 0).toInt();
    side.text = arguments.value(prefix + u"text"_s).toString();
    side.schemaType = arguments.value(prefix + u"schemaType"_s).toString();
    side.label = arguments.value(prefix + u"label"_s).toString();
    return side;
}

// What other screens ask of this feature (ui/Commands.h).
void registerDiffCommands(Shell &shell)
{
    CommandRegistry &commands = shell.commands();
    commands.add(commands::openDiff, [&shell](const QVariantMap &arguments) {
        openDiff(shell, sideOf(arguments, u"left."_s), sideOf(arguments, u"right."_s));
    });
    commands.add(commands::openPreviousVersionDiff, [&shell](const QVariantMap &arguments) {
        openPreviousVersionDiff(shell, arguments.value(u"connectionId"_s).toString(),
                                arguments.value(u"subject"_s).toString(),
                                arguments.value(u"version"_s).toInt());
    });
    commands.add(commands::verifyMirror, [&shell](const QVariantMap &arguments) {
        openMirrorVerification(
            shell, arguments.value(u"sourceConnectionId"_s).toString(),
            arguments.value(u"targetConnectionId"_s).toString(),
            diff::SubjectMapping::fromExporter(arguments.value(u"exporter"_s).toJsonObject()),
            arguments.value(u"startNow"_s, true).toBool());
    });
}

} // namespace

void installDiffFeature(Shell &shell)
{
    registerDiffCommands(shell);
    QMenu *tools = shell.menu(u"menuTools"_s);
    QAction *compare = featureAction(
        shell, QObject::tr("&Compare…"), u"actionCompare"_s,
        QObject::tr("Compare two schemas: versions, subjects across contexts or registries (Ctrl+Shift+D)"),
        [&shell] { openCompareDialog(shell, currentTreeSide(shell)); });
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    QAction *compareFile =
        featureAction(shell, QObject::tr("Compare with a &file…"), u"actionCompareFile"_s, {},
                      [&shell] { chooseFileAndCompare(shell, currentTreeSide(shell)); });
    QAction *verify = featureAction(
        shell, QObject::tr("&Verify mirror…"), u"actionVerifyMirror"_s,
        QObject::tr("Is my mirror identical? Compare two registries or contexts subject by subject"),
        [&shell] {
            const QString current = connectionIdOf(shell.currentTreeIndex());
            openMirrorVerification(shell, current, otherConnection(shell, current), diff::SubjectMapping{},
                                   false);
        });
    if (tools) {
        tools->addAction(compare);
        tools->addAction(compareFile);
        tools->addAction(verify);
    }
    if (QMenu *registry = shell.menu(u"menuRegistry"_s)) {
        auto *exportFolder =
            registry->addAction(QObject::tr("E&xport schemas to a folder…"), &shell, [&shell] {
                if (const QString connectionId = chosenConnection(shell, QObject::tr("Export schemas"));
                    !connectionId.isEmpty())
                    exportSchemasToFolder(shell, connectionId);
            });
        exportFolder->setObjectName(u"actionExportFolder"_s);
        exportFolder->setToolTip(QObject::tr("Each subject's latest schema as a file, for a Git repository "
                                             "or a review; compare it back with Verify mirror → a folder"));
    }
    if (QToolBar *toolBar = shell.toolBar()) {
        toolBar->addAction(compare);
        toolBar->addAction(verify);
    }

    shell.addTreeMenuContributor([&shell](QMenu &menu, const QModelIndex &index) {
        const auto kind = index.data(Model::KindRole).value<Kind>();
        if (kind == Kind::Subject || kind == Kind::Version) {
            const DiffSide side = sideOfIndex(index);
            menu.addSeparator();
            const bool hasPrevious =
                kind == Kind::Version ? side.version > 1 : index.data(Model::VersionCountRole).toInt() != 1;
            if (hasPrevious) {
                menu.addAction(QObject::tr("Compare with previous version"), &shell,
                               [&shell, side] {
                                   openPreviousVersionDiff(shell, side.connectionId, side.subject,
                                                           side.version);
                               })
                    ->setObjectName(u"treeComparePrevious"_s);
            }
            menu.addAction(QObject::tr("Compare with…"), &shell,
                           [&shell, side] { openCompareDialog(shell, side); })
                ->setObjectName(u"treeCompareWith"_s);
            menu.addAction(QObject::tr("Compare with a file…"), &shell,
                           [&shell, side] { chooseFileAndCompare(shell, side); })
                ->setObjectName(u"treeCompareFile"_s);
        }
        if (kind == Kind::Connection || kind == Kind::Context) {
            const QString connectionId = connectionIdOf(index);
            diff::SubjectMapping mapping;
            if (const QString subjects = subjectsOfTreeItem(index); subjects != u"*")
                mapping.subjects = {subjects};
            menu.addSeparator();
            menu.addAction(
                    QObject::tr("Export schemas to a folder…"), &shell,
                    [&shell, connectionId, mapping] { exportSchemasToFolder(shell, connectionId, mapping); })
                ->setObjectName(u"treeExportFolder"_s);
            menu.addAction(QObject::tr("Verify mirror of this…"), &shell,
                           [&shell, connectionId, mapping] {
                               openMirrorVerification(shell, connectionId,
                                                      otherConnection(shell, connectionId), mapping, false);
                           })
                ->setObjectName(u"treeVerifyMirror"_s);
        }
    });
}

} // namespace sd::ui
