#pragma once

#include "registry/ConnectionProfile.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLayout;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QVBoxLayout;

namespace sd::registry {
class CapabilityProbe;
class RegistryClient;
} // namespace sd::registry

namespace sd::ui {

// The connection form: name, colour and tag, URLs, authentication, TLS, proxy, headers, timeouts,
// and the protected / read-only flags, with "Test connection". Serves "Add", "Edit" and the
// first-run page alike. Secrets typed here go to the keychain (or memory), never into the profile.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    void setProfile(const registry::ConnectionProfile &profile,
                    const registry::ConnectionSecrets &secrets = {});
    registry::ConnectionProfile profile() const;
    registry::ConnectionSecrets secrets() const;
    // Shown above the buttons, e.g. that no keychain is available.
    void setKeychainNote(const QString &note);

    // Runs a capability probe with the form's current values; the result shows in the dialog.
    void testConnection();
    QString testResult() const;

    void accept() override;

Q_SIGNALS:
    void testFinished(bool ok);

private:
    void updateAuthPage();
    void updateTlsWarning();
    void updateHttpWarning();
    // A user:password written into a URL goes to the Basic fields, with a notice (never the password).
    void moveUrlCredentials();
    void chooseColour();
    QWidget *buildAuthPages();
    void setupGeneral(QVBoxLayout *layout);
    void setupAuthentication(QVBoxLayout *layout);
    void setupNetwork(QVBoxLayout *layout);
    QLayout *setupLimits(); // timeout, deadline, largest answer, requests at once
    void setupSafety(QVBoxLayout *layout);
    void setupMessages(QVBoxLayout *layout);
    void setupButtons(QVBoxLayout *outer);
    registry::ConnectionProfile profileWithUrlCredentials() const;

    registry::ConnectionProfile m_base; // keeps the id and fields the form does not show
    QLineEdit *m_name = nullptr;
    QPushButton *m_colour = nullptr;
    QString m_colourValue;
    QLineEdit *m_tag = nullptr;
    QPlainTextEdit *m_urls = nullptr;
    QComboBox *m_authType = nullptr;
    QStackedWidget *m_authPages = nullptr;
    QLineEdit *m_basicUser = nullptr;
    QLineEdit *m_basicPassword = nullptr;
    QLineEdit *m_bearerToken = nullptr;
    QLineEdit *m_tokenUrl = nullptr;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_clientSecret = nullptr;
    QLineEdit *m_scope = nullptr;
    QLineEdit *m_logicalCluster = nullptr;
    QLineEdit *m_identityPool = nullptr;
    QLineEdit *m_clientCert = nullptr;
    QLineEdit *m_clientKey = nullptr;
    QLineEdit *m_keyPassphrase = nullptr;
    QLineEdit *m_caBundle = nullptr;
    QCheckBox *m_verifyTls = nullptr;
    QLabel *m_tlsWarning = nullptr;
    QLabel *m_httpWarning = nullptr;
    QLabel *m_urlNotice = nullptr;
    QCheckBox *m_allowHttpTokenUrl = nullptr;
    QComboBox *m_proxyMode = nullptr;
    QLineEdit *m_proxyUrl = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QSpinBox *m_timeout = nullptr;
    QSpinBox *m_deadline = nullptr;
    QSpinBox *m_maxResponse = nullptr; // MiB
    QSpinBox *m_concurrent = nullptr;
    QCheckBox *m_protected = nullptr;
    QCheckBox *m_readOnly = nullptr;
    QLabel *m_keychainNote = nullptr;
    QLabel *m_validation = nullptr;
    QLabel *m_testResult = nullptr;
    QPushButton *m_testButton = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    registry::RegistryClient *m_testClient = nullptr;
    QPointer<registry::CapabilityProbe> m_probe;
};

} // namespace sd::ui
