#pragma once

#include "registry/RegistryTypes.h"

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace sd::ui {

// The config fields other than compatibility at one level (group, policy, normalize, validation,
// alias, default/override metadata and rule sets), pre-filled with what is set there. The result is a
// partial PUT /config body: changed fields with their new value, cleared ones as null (the server
// keeps every field left out).
class ConfigFieldsDialog : public QDialog
{
    Q_OBJECT
public:
    ConfigFieldsDialog(const QString &levelLabel, const registry::RegistryConfig &current,
                       QWidget *parent = nullptr);

    QJsonObject changes() const;
    // Why the form cannot be applied (a metadata or rule-set field that is not a JSON object); empty when
    // it can.
    QString validationError() const;
    // "normalize: not set → true" lines, for the confirmation.
    static QStringList describe(const QJsonObject &changes, const registry::RegistryConfig &current);

    void accept() override;

private:
    // Shows validationError() under the form.
    void validate();
    QLabel *m_error = nullptr;

    registry::RegistryConfig m_current;
    // The form's fields, in its order; changes() compares each with m_current.
    QLineEdit *m_group = nullptr;
    QComboBox *m_policy = nullptr;
    QComboBox *m_normalize = nullptr;
    QComboBox *m_validateFields = nullptr;
    QComboBox *m_validateRules = nullptr;
    QLineEdit *m_alias = nullptr;
    QPlainTextEdit *m_defaultMetadata = nullptr;
    QPlainTextEdit *m_overrideMetadata = nullptr;
    QPlainTextEdit *m_defaultRuleSet = nullptr;
    QPlainTextEdit *m_overrideRuleSet = nullptr;
};

} // namespace sd::ui
