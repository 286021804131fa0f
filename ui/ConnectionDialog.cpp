#include "ConnectionDialog.h"

#include "CommonWidgets.h"
#include "PlainText.h"
#include "registry/RegistryClient.h"
#include "registry/ServerCapabilities.h"

#include <algorithm>
#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

using registry::AuthType;
using registry::ConnectionProfile;
using registry::ConnectionSecrets;
namespace SecretName = registry::SecretName;

static QLineEdit *secretField(const QString &objectName)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setEchoMode(QLineEdit::Password);
    return edit;
}

static QLineEdit *field(const QString &objectName, const QString &placeholder = {})
{
    auto *edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    return edit;
}

ConnectionDialog::ConnectionDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connection"));
    // Everything but the buttons scrolls, so the dialog fits a 700 px screen (it needs ~840 px).
    auto *outer = new QVBoxLayout(this);
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("connectionScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget;
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);
    auto *layout = new QVBoxLayout(content);
    setupGeneral(layout);
    setupAuthentication(layout);
    setupNetwork(layout);
    setupSafety(layout);
    setupMessages(layout);
    setupButtons(outer);

    setProfile(ConnectionProfile());
    const int available = screen() ? screen()->availableGeometry().height() - 80 : 600;
    resize(content->sizeHint().width() + scroll->verticalScrollBar()->sizeHint().width() + 24,
           qMin(content->sizeHint().height() + m_buttons->sizeHint().height() + 40, qMax(available, 400)));
}

void ConnectionDialog::setupGeneral(QVBoxLayout *layout)
{
    auto *general = new QFormLayout;
    m_name = field(QStringLiteral("connectionName"), tr("e.g. prod-cloud"));
    m_colour = named<QPushButton>(QStringLiteral("connectionColour"), tr("No colour"));
    connect(m_colour, &QPushButton::clicked, this, &ConnectionDialog::chooseColour);
    m_tag = field(QStringLiteral("connectionTag"), tr("e.g. production"));
    m_urls = new QPlainTextEdit;
    m_urls->setObjectName(QStringLiteral("connectionUrls"));
    m_urls->setPlaceholderText(
        tr("https://psrc-xxxxx.region.cloud.confluent.cloud\n(one URL per line; later ones are "
           "tried when earlier ones fail)"));
    m_urls->setMaximumHeight(70);
    auto *colourRow = new QHBoxLayout;
    colourRow->addWidget(m_colour);
    colourRow->addWidget(new QLabel(tr("Tag:")));
    colourRow->addWidget(m_tag, 1);
    general->addRow(tr("&Name:"), m_name);
    general->addRow(tr("Colour:"), colourRow);
    general->addRow(tr("&URLs:"), m_urls);
    m_urlNotice = plainLabel();
    m_urlNotice->setObjectName(QStringLiteral("urlCredentialsNotice"));
    m_urlNotice->setWordWrap(true);
    m_urlNotice->hide();
    general->addRow(QString(), m_urlNotice);
    m_httpWarning = plainLabel();
    m_httpWarning->setObjectName(QStringLiteral("plainHttpWarning"));
    m_httpWarning->setWordWrap(true);
    m_httpWarning->setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold;"));
    m_httpWarning->hide();
    general->addRow(QString(), m_httpWarning);
    layout->addLayout(general);
    connect(m_urls, &QPlainTextEdit::textChanged, this, &ConnectionDialog::updateHttpWarning);
}

void ConnectionDialog::setupAuthentication(QVBoxLayout *layout)
{
    auto *auth = new QGroupBox(tr("Authentication"));
    auto *authLayout = new QVBoxLayout(auth);
    m_authType = choiceBox(nullptr, QStringLiteral("authType"),
                           {{tr("None"), int(AuthType::None)},
                            {tr("Basic (Confluent Cloud API key and secret)"), int(AuthType::Basic)},
                            {tr("Bearer token"), int(AuthType::Bearer)},
                            {tr("OAuth 2 client credentials"), int(AuthType::OAuthClientCredentials)},
                            {tr("Client certificate (mTLS) only"), int(AuthType::MutualTls)}});
    authLayout->addWidget(m_authType);
    authLayout->addWidget(buildAuthPages());
    layout->addWidget(auth);
    connect(m_authType, &QComboBox::currentIndexChanged, this, &ConnectionDialog::updateAuthPage);
    connect(m_authType, &QComboBox::currentIndexChanged, this, &ConnectionDialog::updateHttpWarning);
}

void ConnectionDialog::setupNetwork(QVBoxLayout *layout)
{
    auto *tls = new QGroupBox(tr("TLS and network"));
    auto *tlsLayout = new QFormLayout(tls);
    m_clientCert = field(QStringLiteral("clientCertFile"), tr("PEM file (optional)"));
    m_clientKey = field(QStringLiteral("clientKeyFile"), tr("PEM file"));
    m_keyPassphrase = secretField(QStringLiteral("clientKeyPassphrase"));
    m_caBundle =
        field(QStringLiteral("caBundleFile"), tr("PEM file added to the system's trusted CAs (optional)"));
    m_verifyTls = named<QCheckBox>(QStringLiteral("verifyTls"), tr("Verify the server's TLS certificate"));
    m_verifyTls->setChecked(true);
    m_tlsWarning =
        new QLabel(tr("⚠ TLS verification is OFF: anyone on the network path can read and change this "
                      "traffic, credentials included. The tree keeps showing this."));
    m_tlsWarning->setObjectName(QStringLiteral("tlsWarning"));
    m_tlsWarning->setWordWrap(true);
    m_tlsWarning->setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold;"));
    connect(m_verifyTls, &QCheckBox::toggled, this, &ConnectionDialog::updateTlsWarning);
    m_proxyMode = choiceBox(nullptr, QStringLiteral("proxyMode"),
                            {{tr("System proxy settings"), int(registry::ProxyMode::System)},
                             {tr("No proxy"), int(registry::ProxyMode::None)},
                             {tr("This proxy:"), int(registry::ProxyMode::Manual)}});
    m_proxyUrl = field(QStringLiteral("proxyUrl"), tr("http://proxy.example.com:3128"));
    auto *proxyRow = new QHBoxLayout;
    proxyRow->addWidget(m_proxyMode);
    proxyRow->addWidget(m_proxyUrl, 1);
    m_headers = new QPlainTextEdit;
    m_headers->setObjectName(QStringLiteral("extraHeaders"));
    m_headers->setPlaceholderText(
        tr("Name: value (one per line; values of secret-looking headers go to the keychain)"));
    m_headers->setMaximumHeight(50);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &ConnectionDialog::updateHttpWarning);
    QLayout *limitsRow = setupLimits();
    tlsLayout->addRow(tr("Client certificate:"), m_clientCert);
    tlsLayout->addRow(tr("Client key:"), m_clientKey);
    tlsLayout->addRow(tr("Key passphrase:"), m_keyPassphrase);
    tlsLayout->addRow(tr("CA bundle:"), m_caBundle);
    tlsLayout->addRow(QString(), m_verifyTls);
    tlsLayout->addRow(QString(), m_tlsWarning);
    tlsLayout->addRow(tr("Proxy:"), proxyRow);
    tlsLayout->addRow(tr("Extra headers:"), m_headers);
    tlsLayout->addRow(tr("Request timeout:"), limitsRow);
    layout->addWidget(tls);
}

QLayout *ConnectionDialog::setupLimits()
{
    m_timeout = new QSpinBox;
    m_timeout->setObjectName(QStringLiteral("requestTimeout"));
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("A request with no byte received for this long is given up (the schema pages of "
                             "a big load get %1 s)")
                              .arg(ConnectionProfile().bulkTimeoutMs / 1000));
    // The limits that end a misbehaving registry's answer (issue: every request ends).
    m_deadline = new QSpinBox;
    m_deadline->setObjectName(QStringLiteral("requestDeadline"));
    m_deadline->setRange(1, 3600);
    m_deadline->setSuffix(tr(" s"));
    m_deadline->setToolTip(tr("However slowly an answer drips in, a request ends after this long, retries "
                              "included (a big load's schema pages get five times as long)"));
    m_maxResponse = new QSpinBox;
    m_maxResponse->setObjectName(QStringLiteral("maxResponseMiB"));
    m_maxResponse->setRange(1, 4096);
    m_maxResponse->setSuffix(tr(" MiB"));
    m_maxResponse->setToolTip(
        tr("A larger answer is refused with an error saying how large it was. 96 MiB holds "
           "a list of a million subject names"));
    m_concurrent = new QSpinBox;
    m_concurrent->setObjectName(QStringLiteral("maxConcurrentRequests"));
    m_concurrent->setRange(1, 32);
    m_concurrent->setToolTip(
        tr("Requests sent to this registry at once; lower it for a rate-limited registry"));
    auto *limitsRow = new QHBoxLayout;
    limitsRow->addWidget(m_timeout);
    limitsRow->addWidget(new QLabel(tr("deadline")));
    limitsRow->addWidget(m_deadline);
    limitsRow->addWidget(new QLabel(tr("largest answer")));
    limitsRow->addWidget(m_maxResponse);
    limitsRow->addWidget(new QLabel(tr("at once")));
    limitsRow->addWidget(m_concurrent);
    limitsRow->addStretch(1);
    return limitsRow;
}

void ConnectionDialog::setupSafety(QVBoxLayout *layout)
{
    auto *safety = new QGroupBox(tr("Safety"));
    auto *safetyLayout = new QVBoxLayout(safety);
    m_protected =
        named<QCheckBox>(QStringLiteral("protectedFlag"),
                         tr("Protected: every change needs the name typed to confirm (production)"));
    m_readOnly = named<QCheckBox>(QStringLiteral("readOnlyFlag"),
                                  tr("Read-only: never send a change to this registry"));
    safetyLayout->addWidget(m_protected);
    safetyLayout->addWidget(m_readOnly);
    layout->addWidget(safety);
}

void ConnectionDialog::setupMessages(QVBoxLayout *layout)
{
    m_keychainNote = plainLabel();
    m_keychainNote->setObjectName(QStringLiteral("keychainNote"));
    m_keychainNote->setWordWrap(true);
    m_keychainNote->hide();
    layout->addWidget(m_keychainNote);
    m_validation = plainLabel();
    m_validation->setObjectName(QStringLiteral("validationMessage"));
    m_validation->setWordWrap(true);
    m_validation->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_validation->hide();
    layout->addWidget(m_validation);
    m_testResult = plainLabel();
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_testResult);
}

void ConnectionDialog::setupButtons(QVBoxLayout *outer)
{
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_testButton = m_buttons->addButton(tr("&Test connection"), QDialogButtonBox::ActionRole);
    m_testButton->setObjectName(QStringLiteral("testConnection"));
    connect(m_testButton, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);
    outer->addWidget(m_buttons);
}

ConnectionDialog::~ConnectionDialog() = default;

QWidget *ConnectionDialog::buildAuthPages()
{
    m_authPages = new QStackedWidget;
    m_authPages->addWidget(new QLabel(tr("Requests are sent without credentials.")));

    auto *basic = new QWidget;
    auto *basicLayout = new QFormLayout(basic);
    m_basicUser = field(QStringLiteral("basicUser"), tr("API key or user name"));
    m_basicPassword = secretField(QStringLiteral("basicPassword"));
    basicLayout->addRow(tr("User / API key:"), m_basicUser);
    basicLayout->addRow(tr("Password / secret:"), m_basicPassword);
    m_authPages->addWidget(basic);

    auto *bearer = new QWidget;
    auto *bearerLayout = new QFormLayout(bearer);
    m_bearerToken = secretField(QStringLiteral("bearerToken"));
    bearerLayout->addRow(tr("Token:"), m_bearerToken);
    m_authPages->addWidget(bearer);

    auto *oauth = new QWidget;
    auto *oauthLayout = new QFormLayout(oauth);
    m_tokenUrl = field(QStringLiteral("tokenUrl"), tr("https://idp.example.com/oauth2/token"));
    m_clientId = field(QStringLiteral("clientId"));
    m_clientSecret = secretField(QStringLiteral("clientSecret"));
    m_scope = field(QStringLiteral("scope"));
    m_logicalCluster = field(QStringLiteral("logicalCluster"), tr("lsrc-xxxxx (sent as target-sr-cluster)"));
    m_identityPool = field(QStringLiteral("identityPool"), tr("pool-xxxx (Confluent-Identity-Pool-Id)"));
    oauthLayout->addRow(tr("Token URL:"), m_tokenUrl);
    m_allowHttpTokenUrl = new QCheckBox(
        tr("Allow a plain http:// token URL (sends the client secret unencrypted; local tests)"));
    m_allowHttpTokenUrl->setObjectName(QStringLiteral("allowHttpTokenUrl"));
    oauthLayout->addRow(QString(), m_allowHttpTokenUrl);
    oauthLayout->addRow(tr("Client id:"), m_clientId);
    oauthLayout->addRow(tr("Client secret:"), m_clientSecret);
    oauthLayout->addRow(tr("Scope:"), m_scope);
    oauthLayout->addRow(tr("Logical cluster:"), m_logicalCluster);
    oauthLayout->addRow(tr("Identity pool:"), m_identityPool);
    m_authPages->addWidget(oauth);

    m_authPages->addWidget(
        new QLabel(tr("The client certificate and key below authenticate the connection.")));
    return m_authPages;
}

void ConnectionDialog::updateAuthPage()
{
    m_authPages->setCurrentIndex(m_authType->currentIndex());
}

void ConnectionDialog::updateTlsWarning()
{
    m_tlsWarning->setVisible(!m_verifyTls->isChecked());
}

void ConnectionDialog::updateHttpWarning()
{
    const QString warning = profile().plainHttpWarning();
    m_httpWarning->setText(warning);
    m_httpWarning->setVisible(!warning.isEmpty());
}

void ConnectionDialog::moveUrlCredentials()
{
    ConnectionProfile p = profileWithUrlCredentials();
    QString password;
    if (!p.takeUrlCredentials(&password))
        return;
    QStringList urls;
    for (const QUrl &url : std::as_const(p.urls))
        urls << url.toString();
    m_urls->setPlainText(urls.join(u'\n'));
    m_authType->setCurrentIndex(qMax(0, m_authType->findData(int(AuthType::Basic))));
    m_basicUser->setText(p.basicUser);
    if (!password.isEmpty())
        m_basicPassword->setText(password);
    m_urlNotice->setText(tr("The user name and password written in the URL were moved to Basic "
                            "authentication (user %1): the password is kept in the keychain, never in a URL.")
                             .arg(p.basicUser));
    m_urlNotice->show();
}

void ConnectionDialog::chooseColour()
{
    const QColor chosen = QColorDialog::getColor(
        m_colourValue.isEmpty() ? QColor(Qt::red) : QColor(m_colourValue), this, tr("Connection colour"));
    if (!chosen.isValid())
        return;
    m_colourValue = chosen.name();
    m_colour->setText(m_colourValue);
    m_colour->setStyleSheet(QStringLiteral("QPushButton { border-left: 12px solid %1; }").arg(m_colourValue));
}

void ConnectionDialog::setProfile(const ConnectionProfile &profile, const ConnectionSecrets &secrets)
{
    m_base = profile;
    m_name->setText(profile.name);
    m_colourValue = profile.colour;
    m_colour->setText(profile.colour.isEmpty() ? tr("No colour") : profile.colour);
    m_colour->setStyleSheet(
        profile.colour.isEmpty()
            ? QString()
            : QStringLiteral("QPushButton { border-left: 12px solid %1; }").arg(profile.colour));
    m_tag->setText(profile.tag);
    QStringList urls;
    for (const QUrl &url : profile.urls)
        urls << url.toString();
    m_urls->setPlainText(urls.join(u'\n'));
    m_authType->setCurrentIndex(qMax(0, m_authType->findData(int(profile.authType))));
    m_basicUser->setText(profile.basicUser);
    m_basicPassword->setText(secrets.value(SecretName::basicPassword));
    m_bearerToken->setText(secrets.value(SecretName::bearerToken));
    m_tokenUrl->setText(profile.tokenUrl.toString());
    m_allowHttpTokenUrl->setChecked(profile.allowHttpTokenUrl);
    m_clientId->setText(profile.clientId);
    m_clientSecret->setText(secrets.value(SecretName::oauthClientSecret));
    m_scope->setText(profile.scope);
    m_logicalCluster->setText(profile.logicalCluster);
    m_identityPool->setText(profile.identityPoolId);
    m_clientCert->setText(profile.clientCertFile);
    m_clientKey->setText(profile.clientKeyFile);
    m_keyPassphrase->setText(secrets.value(SecretName::tlsKeyPassphrase));
    m_caBundle->setText(profile.caBundleFile);
    m_verifyTls->setChecked(profile.verifyTls);
    m_proxyMode->setCurrentIndex(qMax(0, m_proxyMode->findData(int(profile.proxyMode))));
    m_proxyUrl->setText(profile.proxyUrl.toString());
    QStringList headers;
    for (const registry::ExtraHeader &h : profile.extraHeaders) {
        const QString value = h.value.isEmpty() ? secrets.value(SecretName::forHeader(h.name)) : h.value;
        headers << h.name + QStringLiteral(": ") + value;
    }
    m_headers->setPlainText(headers.join(u'\n'));
    m_timeout->setValue(qMax(1, profile.requestTimeoutMs / 1000));
    m_deadline->setValue(qMax(1, profile.requestDeadlineMs / 1000));
    m_maxResponse->setValue(int(std::clamp<qint64>(profile.maxResponseBytes / (1024 * 1024), 1, 4096)));
    m_concurrent->setValue(profile.maxConcurrentRequests);
    m_protected->setChecked(profile.isProtected);
    m_readOnly->setChecked(profile.readOnly);
    m_urlNotice->hide();
    updateAuthPage();
    updateTlsWarning();
    updateHttpWarning();
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile p = profileWithUrlCredentials();
    for (QUrl &url : p.urls)
        url.setUserInfo({}); // moveUrlCredentials() takes them to the Basic fields first
    return p;
}

ConnectionProfile ConnectionDialog::profileWithUrlCredentials() const
{
    ConnectionProfile p = m_base;
    p.name = m_name->text().trimmed();
    p.colour = m_colourValue;
    p.tag = m_tag->text().trimmed();
    p.urls.clear();
    for (const QString &line : m_urls->toPlainText().split(u'\n', Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty())
            p.urls << QUrl(line.trimmed());
    }
    p.authType = AuthType(m_authType->currentData().toInt());
    p.basicUser = m_basicUser->text().trimmed();
    p.tokenUrl = QUrl(m_tokenUrl->text().trimmed());
    p.allowHttpTokenUrl = m_allowHttpTokenUrl->isChecked();
    p.clientId = m_clientId->text().trimmed();
    p.scope = m_scope->text().trimmed();
    p.logicalCluster = m_logicalCluster->text().trimmed();
    p.identityPoolId = m_identityPool->text().trimmed();
    p.clientCertFile = m_clientCert->text().trimmed();
    p.clientKeyFile = m_clientKey->text().trimmed();
    p.caBundleFile = m_caBundle->text().trimmed();
    p.verifyTls = m_verifyTls->isChecked();
    p.proxyMode = registry::ProxyMode(m_proxyMode->currentData().toInt());
    p.proxyUrl = QUrl(m_proxyUrl->text().trimmed());
    p.extraHeaders.clear();
    for (const QString &line : m_headers->toPlainText().split(u'\n', Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0)
            continue;
        const QString name = line.left(colon).trimmed();
        // A secret-looking header keeps its value in the keychain only.
        const QString value = registry::looksSecretHeader(name) ? QString() : line.mid(colon + 1).trimmed();
        p.extraHeaders.append({name, value});
    }
    p.requestTimeoutMs = m_timeout->value() * 1000;
    // The big loads' deadline keeps its ratio to the plain one; untouched values stay exactly as they were.
    if (m_deadline->value() != qMax(1, p.requestDeadlineMs / 1000)) {
        const int ratio = qMax(1, p.bulkDeadlineMs / qMax(1, p.requestDeadlineMs));
        p.requestDeadlineMs = m_deadline->value() * 1000;
        p.bulkDeadlineMs = p.requestDeadlineMs * ratio;
    }
    if (m_maxResponse->value() != int(std::clamp<qint64>(p.maxResponseBytes / (1024 * 1024), 1, 4096)))
        p.maxResponseBytes = qint64(m_maxResponse->value()) * 1024 * 1024;
    p.maxConcurrentRequests = m_concurrent->value();
    p.isProtected = m_protected->isChecked();
    p.readOnly = m_readOnly->isChecked();
    return p;
}

ConnectionSecrets ConnectionDialog::secrets() const
{
    ConnectionSecrets s;
    const auto setIfAny = [&s](QStringView name, const QString &value) {
        if (!value.isEmpty())
            s.set(name, value);
    };
    switch (AuthType(m_authType->currentData().toInt())) {
    case AuthType::Basic:
        setIfAny(SecretName::basicPassword, m_basicPassword->text());
        break;
    case AuthType::Bearer:
        setIfAny(SecretName::bearerToken, m_bearerToken->text());
        break;
    case AuthType::OAuthClientCredentials:
        setIfAny(SecretName::oauthClientSecret, m_clientSecret->text());
        break;
    case AuthType::None:
    case AuthType::MutualTls:
        break;
    }
    setIfAny(SecretName::tlsKeyPassphrase, m_keyPassphrase->text());
    for (const QString &line : m_headers->toPlainText().split(u'\n', Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(u':');
        if (colon > 0 && registry::looksSecretHeader(line.left(colon).trimmed()))
            setIfAny(SecretName::forHeader(line.left(colon).trimmed()), line.mid(colon + 1).trimmed());
    }
    return s;
}

void ConnectionDialog::setKeychainNote(const QString &note)
{
    m_keychainNote->setText(note);
    m_keychainNote->setVisible(!note.isEmpty());
}

QString ConnectionDialog::testResult() const
{
    return m_testResult->text();
}

void ConnectionDialog::testConnection()
{
    moveUrlCredentials();
    const ConnectionProfile p = profile();
    const QString problem = p.validate();
    if (!problem.isEmpty()) {
        m_testResult->setText(problem);
        Q_EMIT testFinished(false);
        return;
    }
    if (m_probe)
        m_probe->abort();
    delete m_testClient;
    m_testClient = new registry::RegistryClient(p, secrets(), nullptr, this);
    m_probe = new registry::CapabilityProbe(m_testClient, m_testClient);
    m_testButton->setEnabled(false);
    m_testResult->setText(tr("Testing %1 …").arg(p.urls.constFirst().toDisplayString(QUrl::RemoveUserInfo)));
    // Said on the result too: a successful test over http:// has just sent the credentials in clear.
    const QString httpWarning = p.plainHttpWarning();
    const QString warningLine = httpWarning.isEmpty() ? QString() : u"\n"_s + httpWarning;
    connect(m_probe, &registry::CapabilityProbe::finished, this, [this, probe = m_probe, warningLine] {
        m_testButton->setEnabled(true);
        if (probe->error().isError()) {
            m_testResult->setText(tr("✗ %1").arg(probe->error().toDisplayString()) + warningLine);
            Q_EMIT testFinished(false);
            return;
        }
        const registry::ServerCapabilities &caps = probe->capabilities();
        // What the detected flavour cannot do, in words, before the details.
        const QStringList limits = caps.limitations();
        const QString limitsText = limits.isEmpty()
                                       ? QString()
                                       : tr("\nWhat %1 cannot do here:\n")
                                                 .arg(registry::ServerCapabilities::flavorName(caps.flavor)) +
                                             limits.join(u'\n');
        m_testResult->setText(tr("✓ Connected in %1 ms · authentication accepted · %2")
                                  .arg(probe->latencyMs())
                                  .arg(caps.summary()) +
                              limitsText + u'\n' + caps.describe().join(u'\n') + warningLine);
        Q_EMIT testFinished(true);
    });
    m_probe->start();
}

void ConnectionDialog::accept()
{
    moveUrlCredentials();
    const QString problem = profile().validate();
    if (!problem.isEmpty()) {
        m_validation->setText(problem);
        m_validation->show();
        return;
    }
    m_validation->hide();
    QDialog::accept();
}

} // namespace sd::ui
