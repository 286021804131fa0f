#include "AboutDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QSysInfo>
#include <QVBoxLayout>

namespace sd::ui {

QString AboutDialog::componentVersions()
{
    return tr("Qt %1 (built with %2)\nKSyntaxHighlighting %3\nQtKeychain %4\n%5")
        .arg(QLatin1String(qVersion()), QStringLiteral(QT_VERSION_STR),
             QStringLiteral(SD_KSYNTAXHIGHLIGHTING_VERSION), QStringLiteral(SD_QTKEYCHAIN_VERSION),
             QSysInfo::prettyProductName());
}

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About SchemaDesk"));
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<h2>SchemaDesk %1</h2><p>A desktop console for Confluent-compatible "
                                "Schema Registries.</p>")
                                 .arg(QStringLiteral(SD_VERSION_STRING)));
    auto *versions = new QLabel(componentVersions());
    versions->setObjectName(QStringLiteral("componentVersions"));
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(title);
    layout->addWidget(versions);
    layout->addWidget(buttons);
}

} // namespace sd::ui
