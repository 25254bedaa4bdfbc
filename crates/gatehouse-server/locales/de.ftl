# Der deutsche Katalog von Gatehouse: genau dieselben Meldungen wie en.ftl, in derselben Reihenfolge.

# Der Name der Sprache in ihrer eigenen Sprache, in der Sprachauswahl.
language-name = Deutsch
# Unter jeder Seite.
secured-by = Geschützt durch { $product }

## Die Anmeldeseite.
login-title = Anmelden
login-to-app = um mit { $app } fortzufahren
login-username = E-Mail-Adresse oder Benutzername
login-password = Passwort
login-remember = Auf diesem Computer angemeldet bleiben
login-submit = Anmelden
login-or = oder
login-passkey = Mit einem Passkey anmelden
login-forgot = Passwort vergessen?
# Gleich für einen unbekannten Benutzer und ein falsches Passwort.
login-invalid = Ungültiger Benutzername oder ungültiges Passwort
# Die Grenze für Fehlversuche, vor der Sperre.
login-invalid-left = { $count ->
    [one] Ungültiger Benutzername oder ungültiges Passwort. Noch { $count } Versuch.
   *[other] Ungültiger Benutzername oder ungültiges Passwort. Noch { $count } Versuche.
}
login-locked = Ungültige Anmeldedaten. Das Konto wurde gesperrt.
login-blocked = { $count ->
    [one] Zu viele fehlgeschlagene Versuche. Warten Sie { $count } Minute, bevor Sie es erneut versuchen.
   *[other] Zu viele fehlgeschlagene Versuche. Warten Sie { $count } Minuten, bevor Sie es erneut versuchen.
}
account-locked = Das Konto ist gesperrt. Wenden Sie sich an einen Administrator.
directory-down = Das Unternehmensverzeichnis ist nicht erreichbar. Bitte versuchen Sie es später erneut.
login-no-directory-account = Zu Ihrem Verzeichniskonto gibt es kein passendes Konto. Wenden Sie sich an Ihren Administrator.
login-busy = Gerade gibt es zu viele Anmeldeversuche. Bitte versuchen Sie es gleich noch einmal.
login-use-sso = Ihr Konto verwendet Single Sign-On. Melden Sie sich über { $upstream } an.
login-throttled = Aus Ihrem Netzwerk gab es zu viele fehlgeschlagene Anmeldeversuche.
error-unknown-sign-in-method = Unbekannte Anmeldemethode.

## Die Zustimmungsseite.
consent-title = Zugriff erlauben?
consent-lead = { $app } möchte:
consent-signed-in = Angemeldet als { $email }. Sie können den Zugriff später auf Ihrer Kontoseite widerrufen.
consent-deny = Ablehnen
consent-allow = Erlauben
scope-openid = Sie mit Ihrem Konto anmelden
scope-profile = Ihren Namen und Ihr Basisprofil sehen
scope-email = Ihre E-Mail-Adresse sehen
scope-phone = Ihre Telefonnummer sehen
scope-offline = Verbunden bleiben, auch wenn Sie es nicht nutzen (bis Sie den Zugriff widerrufen)
scope-admin = { $product } mit Ihren Administratorrechten verwalten
scope-other = Zugriff auf weitere Informationen

## Auf jeder Seite.
footer-help = Hilfe
footer-privacy = Datenschutz
footer-language = Sprache
sign-out = Abmelden
current-password = Aktuelles Passwort
new-password = Neues Passwort
repeat-password = Neues Passwort wiederholen
password-min-length = { $count ->
    [one] Mindestens { $count } Zeichen.
   *[other] Mindestens { $count } Zeichen.
}
password-hint = Längere Wortfolgen aus zusammenhanglosen Wörtern sind am sichersten.
duration-seconds = { $count ->
    [one] { $count } Sekunde
   *[other] { $count } Sekunden
}
duration-minutes = { $count ->
    [one] { $count } Minute
   *[other] { $count } Minuten
}
duration-hours = { $count ->
    [one] { $count } Stunde
   *[other] { $count } Stunden
}
duration-days = { $count ->
    [one] { $count } Tag
   *[other] { $count } Tage
}

## Fehlerseiten.
error-reference = Referenz:

## Hinweisseiten.
message-manage-account = Ihr Konto verwalten

## Die form_post-Seite (der Browser sendet die Antwort an die Anwendung).
form-post-title = Sie werden angemeldet…
form-post-manual = Falls nichts passiert, fahren Sie manuell fort:
form-post-continue = Weiter

## Zwei-Faktor-Authentifizierung bei der Anmeldung.
mfa-qr-label = QR-Code für Ihre Authenticator-App
mfa-qr-manual = Scannen nicht möglich? Geben Sie diesen Schlüssel in der App ein:
mfa-recovery-keep = Bewahren Sie diese Wiederherstellungscodes an einem sicheren Ort auf. Jeder Code funktioniert einmal, falls Sie Ihren zweiten Faktor verlieren. Sie werden nur jetzt angezeigt.
mfa-back-to-account = Zurück zu Ihrem Konto
mfa-remember-device = { $count ->
    [one] Dieses Gerät { $count } Tag lang merken
   *[other] Dieses Gerät { $count } Tage lang merken
}
mfa-verify = Bestätigen
mfa-resend = Erneut senden

## Passkeys.
passkey-create = Passkey erstellen
passkey-ready = Ihr Passkey ist bereit. Geben Sie ihm einen Namen, an dem Sie ihn wiedererkennen.
passkey-name = Name
passkey-save = Passkey speichern
passkey-use = Ihren Passkey verwenden
passkey-unsupported = Dieser Browser kann hier keine Passkeys verwenden. Verwenden Sie eine andere Methode oder einen anderen Browser.

## Die Kontoseite.
account-title = Ihr Konto
account-profile = Profil
account-name = Name
account-phone = Telefon (internationales Format, z. B. +14155550123)
account-language = Sprache
account-language-auto = Automatisch (Sprache Ihres Browsers)
account-profile-password = Aktuelles Passwort (erforderlich, um die Telefonnummer zu ändern)
account-save-profile = Profil speichern
account-pending-phone = Im Verzeichnis Ihrer Organisation steht eine neue Telefonnummer mit der Endung { $ending }. Anmeldecodes gehen an Ihre bisherige Nummer, bis Sie die neue bestätigen.
account-use-new-number = Neue Nummer verwenden
account-password = Passwort
account-change-password = Passwort ändern
account-two-step = Zwei-Faktor-Authentifizierung
account-no-factor = Noch kein zweiter Faktor.
account-add-factor = { $method } hinzufügen
account-recovery-left = Wiederherstellungscodes: { $count } von { $total } übrig.
account-regenerate-codes = Wiederherstellungscodes neu erstellen
account-passkeys = Passkeys
account-passkeys-lead = Melden Sie sich mit Fingerabdruck, Gesicht, Bildschirmsperre oder einem Sicherheitsschlüssel an statt mit Passwort und Code. Ein Passkey funktioniert nur auf dieser Website, daher kann eine gefälschte Seite ihn nicht stehlen.
account-passkey-synced = synchronisiert
account-passkey-added = hinzugefügt: { $when }
account-passkey-used = zuletzt verwendet: { $when }
account-no-passkey = Noch kein Passkey.
account-add-passkey = Passkey hinzufügen
account-sessions = Wo Sie angemeldet sind
account-this-browser = (dieser Browser)
account-last-active = zuletzt aktiv: { $when }
account-sign-out-everywhere = Überall abmelden
account-apps = Von Ihnen zugelassene Apps
account-no-apps = Keine.
account-revoke = Widerrufen
account-links = Verknüpfte Anmeldemethoden
account-unlink = Verknüpfung aufheben
account-remove = Entfernen

## Passwort vergessen.
forgot-lead = Geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse ein. Wir senden einen Link zum Festlegen eines neuen Passworts an die E-Mail-Adresse Ihres Kontos.
forgot-submit = Link zum Zurücksetzen senden
forgot-back = Zurück zur Anmeldung

## Nutzungsbedingungen.
terms-title = Nutzungsbedingungen
terms-lead = Bitte lesen und akzeptieren Sie die Nutzungsbedingungen (Version { $version }), bevor Sie fortfahren.
terms-read = Nutzungsbedingungen lesen
terms-decline = Ablehnen
terms-accept = Akzeptieren
terms-decline-note = Wenn Sie ablehnen, werden Sie abgemeldet.

## Abmelden.
logout-title = Abmelden?
logout-signed-in-as = Sie sind als { $email } angemeldet.
logout-app-asks = { $app } hat Ihre Abmeldung angefordert.
logout-stay = Angemeldet bleiben

## Fehlerseiten.
error-title = Anmeldefehler
error-go-back = Kehren Sie zu der Anwendung zurück, von der Sie gekommen sind, und versuchen Sie es erneut.
error-expired-title = Diese Seite ist abgelaufen
error-expired = Diese Anmeldeanfrage ist abgelaufen oder wurde bereits verwendet.
error-expired-hint = Kehren Sie zu der Anwendung zurück, von der Sie gekommen sind, und melden Sie sich erneut an.
error-link-expired = Dieser Link ist abgelaufen
error-too-many-title = Zu viele Versuche
error-too-many-sign-ins = Aus Ihrem Netzwerk wurden zu viele Anmeldungen gestartet.
error-wait = Bitte warten Sie einige Minuten, bevor Sie es erneut versuchen.
error-unavailable-title = Vorübergehend nicht verfügbar
error-unavailable = Der Anmeldedienst ist vorübergehend nicht verfügbar.
error-unavailable-hint = Bitte versuchen Sie es in einer Minute erneut.
error-internal-title = Etwas ist schiefgelaufen
error-internal = Ein interner Fehler ist aufgetreten.
error-internal-hint = Bitte versuchen Sie es erneut. Wenn das Problem weiterhin auftritt, nennen Sie Ihrem Administrator die unten stehende Referenz.
error-language = Diese Sprache wird nicht angeboten.

## Passwort vergessen und die per E-Mail gesendeten Links.
forgot-limit = { $count ->
    [one] Sie können das Zurücksetzen des Passworts höchstens einmal am Tag anfordern
   *[other] Sie können das Zurücksetzen des Passworts höchstens { $count }-mal am Tag anfordern
}
forgot-unknown = Die eingegebenen Anmeldedaten sind ungültig.
forgot-sent = Falls ein passendes Konto existiert, ist ein Link zum Festlegen eines neuen Passworts an die E-Mail-Adresse dieses Kontos unterwegs.
reset-title = Neues Passwort wählen
reset-lead = Geben Sie ein neues Passwort für Ihr Konto ein.
reset-expired-hint = Fordern Sie auf der Anmeldeseite über „Passwort vergessen?“ einen neuen Link an.
reset-done-title = Passwort geändert
reset-done = Ihr Passwort wurde geändert und Ihre anderen Sitzungen wurden abgemeldet. Melden Sie sich mit Ihrem neuen Passwort an.
activate-title = Konto aktivieren
activate-lead = Wählen Sie ein Passwort, um Ihr Konto zu aktivieren.
activate-button = Aktivieren
activate-expired-hint = Bitten Sie Ihren Administrator, eine neue Einladung zu senden, oder legen Sie Ihr Passwort über „Passwort vergessen?“ auf der Anmeldeseite fest.

## Die Passwortrichtlinie.
password-too-short = { $count ->
    [one] Verwenden Sie mindestens { $count } Zeichen.
   *[other] Verwenden Sie mindestens { $count } Zeichen.
}
password-too-long = { $count ->
    [one] Verwenden Sie höchstens { $count } Zeichen.
   *[other] Verwenden Sie höchstens { $count } Zeichen.
}
password-too-weak = Dieses Passwort ist zu leicht zu erraten. Fügen Sie weitere Wörter oder Zeichen hinzu.
password-identity = Das Passwort darf weder Ihre E-Mail-Adresse oder Ihr Benutzername sein noch diese enthalten.
password-reused = { $count ->
    [one] Wählen Sie ein anderes Passwort als Ihr letztes.
   *[other] Wählen Sie ein Passwort, das nicht unter Ihren letzten { $count } Passwörtern war.
}
password-mismatch = Die beiden Passwörter stimmen nicht überein.

## E-Mails.
mail-hello = Hallo,
mail-hello-name = Hallo { $name },
mail-not-you = Falls Sie das nicht waren, wenden Sie sich bitte sofort an Ihren Administrator.
mail-invitation-subject = Aktivieren Sie Ihr Konto
mail-invitation-lead = Für Sie wurde ein Konto angelegt ({ $email }). Wählen Sie zunächst Ihr Passwort:
mail-invitation-action = Jetzt aktivieren
mail-invitation-expiry = Dieser Link kann einmal verwendet werden und ist { $valid_for } gültig. Falls er abgelaufen ist, bitten Sie Ihren Administrator um eine neue Einladung oder verwenden Sie „Passwort vergessen?“ auf der Anmeldeseite.
mail-reset-subject = Passwort zurücksetzen
mail-reset-action = Passwort zurücksetzen
mail-reset-expiry = Dieser Link kann einmal verwendet werden und ist { $valid_for } gültig. Falls Sie dies nicht angefordert haben, können Sie diese Nachricht ignorieren: Ihr Passwort bleibt unverändert.
mail-reset-asked = Jemand (hoffentlich Sie) hat angefordert, das Passwort Ihres Kontos zurückzusetzen.
mail-reset-expired = Ihr Passwort ist abgelaufen. Wählen Sie ein neues, um sich wieder anzumelden.
mail-reset-admin = Ein Administrator hat Sie gebeten, ein neues Passwort zu wählen.
mail-changed-subject = Ihr Passwort wurde geändert
mail-changed-lead = Das Passwort Ihres Kontos { $email } wurde geändert. Ihre anderen Sitzungen wurden abgemeldet.
mail-expiry-subject = { $count ->
    [one] Ihr Passwort läuft in { $count } Tag ab
   *[other] Ihr Passwort läuft in { $count } Tagen ab
}
mail-expiry-lead = { $count ->
    [one] Das Passwort Ihres Kontos { $email } läuft in { $count } Tag ab. Ändern Sie es vorher auf Ihrer Kontoseite.
   *[other] Das Passwort Ihres Kontos { $email } läuft in { $count } Tagen ab. Ändern Sie es vorher auf Ihrer Kontoseite.
}
mail-expiry-action = Passwort ändern
mail-locked-subject = Ihr Konto wurde gesperrt
mail-locked-lead = Für Ihr Konto { $email } gab es zu viele fehlgeschlagene Anmeldeversuche.
mail-locked-permanent = Das Konto bleibt gesperrt, bis ein Administrator es entsperrt.
mail-locked-temporary = { $count ->
    [one] Die Anmeldung ist für { $count } Minute gesperrt.
   *[other] Die Anmeldung ist für { $count } Minuten gesperrt.
}
mail-locked-not-you = Falls diese Versuche nicht von Ihnen stammen, informieren Sie Ihren Administrator.
mail-mfa-changed-subject = Die Zwei-Faktor-Authentifizierung Ihres Kontos wurde geändert
mail-mfa-changed-lead = Die Zwei-Faktor-Authentifizierung Ihres Kontos wurde geändert: { $what }.
mail-mfa-changed-not-you = Falls Sie das nicht waren, setzen Sie Ihr Passwort zurück und wenden Sie sich sofort an Ihren Administrator.
mail-directory-subject = Ihre Kontodaten wurden in Ihrem Verzeichnis geändert
mail-directory-lead = Das Verzeichnis Ihrer Organisation hat Ihr Konto geändert: { $what }.
mail-directory-not-you = Falls Sie das nicht erwartet haben, wenden Sie sich an Ihren Administrator.
mail-code-subject = Ihr Anmeldecode: { $code }
mail-code-lead = Ihr Anmeldecode lautet
mail-code-expiry = Er ist { $valid_for } gültig und kann einmal verwendet werden. Falls Sie nicht versucht haben, sich anzumelden, ändern Sie Ihr Passwort.

## Zweite Faktoren.
method-totp = Authenticator-App
method-sms = SMS
method-email = E-Mail
method-passkey = Passkey oder Sicherheitsschlüssel
method-name-totp = Authenticator-App
method-name-sms = SMS
method-name-email = E-Mail-Code
method-name-passkey = Passkey
mfa-no-phone = In Ihrem Profil ist keine Telefonnummer hinterlegt. Bitte wenden Sie sich an Ihren Administrator.
mfa-too-many-sends = Es wurden zu viele Codes gesendet. Warten Sie einige Minuten, bevor Sie erneut einen anfordern.
mfa-sms-failed = Die SMS konnte nicht gesendet werden. Versuchen Sie es erneut oder wählen Sie eine andere Methode.
mfa-no-code-needed = Für diese Methode muss kein Code gesendet werden.
mfa-blocked = { $count ->
    [one] Zu viele falsche Codes. Warten Sie { $count } Minute, bevor Sie es erneut versuchen.
   *[other] Zu viele falsche Codes. Warten Sie { $count } Minuten, bevor Sie es erneut versuchen.
}
mfa-new-recovery-title = Ihre neuen Wiederherstellungscodes
mfa-change-recovery = neue Wiederherstellungscodes wurden erstellt, die alten funktionieren nicht mehr
mfa-change-added = ein zweiter Faktor wurde hinzugefügt ({ $method })
mfa-change-removed = ein zweiter Faktor wurde entfernt ({ $method })
mfa-change-passkey-added = ein Passkey wurde hinzugefügt („{ $name }“)
mfa-change-passkey-removed = ein Passkey wurde entfernt („{ $name }“)
mfa-change-phone = die Telefonnummer für SMS-Codes wurde geändert
mfa-change-new-phone = eine neue Telefonnummer erhält Anmeldecodes
# Die SMS mit einem Anmeldecode.
sms-code = Ihr Anmeldecode lautet { $code }. Er ist { $valid_for } gültig.
mfa-resent = Ein neuer Code wurde gesendet. Frühere Codes funktionieren nicht mehr.
mfa-wrong-code = Dieser Code ist nicht korrekt.
mfa-save-codes-title = Speichern Sie Ihre Wiederherstellungscodes
mfa-saved-continue = Ich habe sie gespeichert, weiter
mfa-prove-email = Bevor Sie die Zwei-Faktor-Authentifizierung einrichten, bestätigen Sie, dass Sie es sind: Geben Sie den 6-stelligen Code ein, den wir an { $email } gesendet haben.
mfa-check-email = Prüfen Sie Ihre E-Mails
mfa-code-email = Code aus der E-Mail
mfa-code-email-or-recovery = Code aus der E-Mail (oder ein Wiederherstellungscode)
mfa-setup-title = Zweiten Faktor einrichten
mfa-setup-lead = Für die Anmeldung bei Ihrem Konto ist ein zweiter Schritt erforderlich. Wählen Sie, wie Sie Ihre Codes erhalten möchten.
mfa-choose-method = Wählen Sie eine Methode:
mfa-other-method = Andere Methode verwenden:
mfa-totp-setup-title = Authenticator-App einrichten
mfa-totp-setup-lead = Scannen Sie den QR-Code mit Google Authenticator, Microsoft Authenticator, Authy oder einer ähnlichen App und geben Sie dann den angezeigten 6-stelligen Code ein.
mfa-code-app = Code aus der App
mfa-totp-title = Code eingeben
mfa-totp-lead = Öffnen Sie Ihre Authenticator-App und geben Sie den 6-stelligen Code ein.
mfa-code-app-or-recovery = Code aus der App (oder ein Wiederherstellungscode)
mfa-email-lead = Wir haben einen 6-stelligen Code an { $email } gesendet.
mfa-check-phone = Prüfen Sie Ihr Telefon
mfa-sms-lead = Wir haben Ihnen einen 6-stelligen Code per SMS gesendet.
mfa-code-sms = Code aus der SMS
mfa-code-sms-or-recovery = Code aus der SMS (oder ein Wiederherstellungscode)
error-unknown-method = Unbekannte Methode.
error-method-unavailable = Diese Methode ist nicht verfügbar.
passkey-unavailable = Passkeys sind derzeit nicht verfügbar. Verwenden Sie eine andere Methode.
passkey-create-lead = Mit einem Passkey melden Sie sich per Fingerabdruck, Gesicht, Bildschirmsperre oder Sicherheitsschlüssel an. Er funktioniert nur auf dieser Website, daher kann eine gefälschte Seite ihn nicht stehlen.
passkey-use-lead = Bestätigen Sie mit Fingerabdruck, Gesicht, Bildschirmsperre oder Sicherheitsschlüssel, dass Sie es sind.
passkey-suggested-name = Passkey ({ $browser })
passkey-or-recovery = Oder einen Wiederherstellungscode eingeben
passkey-expired = Das hat zu lange gedauert oder die Anfrage wurde bereits verwendet. Bitte versuchen Sie es erneut.
passkey-failed = Dieser Passkey konnte nicht verwendet werden. Versuchen Sie es erneut oder melden Sie sich auf andere Weise an.
passkey-model = Diese Art von Sicherheitsschlüssel oder Passkey ist hier nicht zulässig. Verwenden Sie einen, den Ihre Organisation freigegeben hat.
passkey-too-many = Ihr Konto hat bereits die maximal zulässige Anzahl an Passkeys. Entfernen Sie zuerst einen.
browser-on-os = { $browser } unter { $os }
browser-unknown = Unbekannter Browser

## Änderungen durch das Unternehmensverzeichnis (in einer E-Mail).
directory-new-phone = eine neue Telefonnummer mit der Endung { $ending }
directory-new-phone-next = Sie wird erst für Anmeldecodes verwendet, wenn Sie sie auf Ihrer Kontoseite bestätigen oder ein Administrator sie bestätigt.
directory-phone-added = eine Telefonnummer mit der Endung { $ending } wurde hinzugefügt
directory-phone-added-next = Anmeldecodes per SMS können an diese Nummer gesendet werden.
directory-new-email = dort ist eine neue E-Mail-Adresse eingetragen ({ $email })
directory-new-email-held = Anmeldecodes gehen weiterhin an diese Adresse, daher wurde die neue nicht übernommen. Wenn die Änderung von Ihnen stammt, wenden Sie sich an Ihren Administrator.
directory-email-changed = die E-Mail-Adresse lautet jetzt { $email }
directory-email-changed-next = Nachrichten zu Ihrem Konto gehen ab sofort an die neue Adresse.

## Anmeldung über einen anderen Anbieter (Google, Microsoft, …).
upstream-failed-title = Anmeldung fehlgeschlagen
upstream-failed = Die Anmeldung über { $upstream } ist fehlgeschlagen.
upstream-failed-hint = Kehren Sie zur Anmeldeseite zurück und versuchen Sie es erneut. Wenn das Problem weiterhin auftritt, nennen Sie Ihrem Administrator die unten stehende Referenz.
upstream-cancelled-title = Anmeldung abgebrochen
upstream-cancelled = Die Anmeldung über { $upstream } wurde abgebrochen oder abgelehnt.
upstream-cancelled-hint = Kehren Sie zur Anmeldeseite zurück und versuchen Sie es erneut.
upstream-no-account = Zu Ihrer E-Mail-Adresse bei { $upstream } gibt es kein passendes Konto. Wenden Sie sich an Ihren Administrator.
upstream-sso-off = Single Sign-On ist für Ihr Konto nicht aktiviert. Wenden Sie sich an Ihren Administrator.
upstream-refused-title = Anmeldung abgelehnt
signed-out-title = Abgemeldet
terms-declined = Sie haben die Nutzungsbedingungen abgelehnt und wurden abgemeldet.
error-unknown-decision = Unbekannte Entscheidung.
signed-out = Sie wurden abgemeldet.
error-not-a-form = Die Anfrage muss ein Formular sein.
error-id-token-hint = Der id_token_hint ist ungültig.
error-unknown-client = Die Anwendung ist nicht registriert.
error-client-hint-mismatch = Die client_id passt nicht zum id_token_hint.
error-logout-uri = Die post_logout_redirect_uri ist für diese Anwendung nicht registriert.
error-redirect-uri = Die Weiterleitungs-URI ist ungültig.
login-credentials-expired = Die Anmeldedaten sind abgelaufen. Wir haben einen Link zum Festlegen eines neuen Passworts an Ihre E-Mail-Adresse gesendet.
home-signed-out = Sie sind nicht angemeldet.
home-signed-in-title = Angemeldet
home-signed-in = Sie sind als { $email } angemeldet.
ago-now = gerade eben
ago-never = nie
ago-minutes = { $count ->
    [one] vor { $count } Minute
   *[other] vor { $count } Minuten
}
ago-hours = { $count ->
    [one] vor { $count } Stunde
   *[other] vor { $count } Stunden
}
ago-days = { $count ->
    [one] vor { $count } Tag
   *[other] vor { $count } Tagen
}
account-password-directory = Ihr Passwort wird im Verzeichnis Ihrer Organisation verwaltet. Ändern Sie es dort.
account-password-sso = Sie melden sich über { $upstream } an. Hier gibt es kein Passwort zu ändern.
account-done-profile = Ihr Profil wurde gespeichert.
account-done-password = Ihr Passwort wurde geändert. Ihre anderen Sitzungen wurden abgemeldet.
account-done-session = Die Sitzung wurde abgemeldet.
account-done-app = Der Zugriff wurde widerrufen.
account-done-mfa = Die Zwei-Faktor-Authentifizierung wurde aktualisiert.
account-done-passkey-added = Ihr Passkey wurde hinzugefügt. Sie können sich jetzt damit anmelden.
account-done-passkey-removed = Der Passkey wurde entfernt.
account-done-link = Die Verknüpfung der Anmeldemethode wurde aufgehoben.
account-done-phone = Anmeldecodes per SMS gehen jetzt an die neue Nummer.
account-name-invalid = Der Name darf höchstens 200 Zeichen lang sein und keine Zeilenumbrüche enthalten.
account-phone-format = Geben Sie die Telefonnummer im internationalen Format ein, z. B. +14155550123.
account-phone-password = Geben Sie Ihr aktuelles Passwort ein, um die Telefonnummer zu ändern.
account-wrong-password = Das aktuelle Passwort ist nicht korrekt.
account-reauth-sso = Melden Sie sich zu Ihrer Sicherheit ab und wieder an und nehmen Sie diese Änderung dann innerhalb von 5 Minuten vor.
account-reauth-password = Geben Sie Ihr aktuelles Passwort ein, um die Zwei-Faktor-Authentifizierung zu ändern.
account-keep-factor = Ihr Konto muss einen zweiten Faktor behalten.
account-keep-passkey = Ihr Konto muss einen Passkey behalten.
account-directory-link = Unternehmensverzeichnis
account-directory-unlink = Die Verknüpfung mit Verzeichniskonten kann nicht aufgehoben werden.
error-no-session = Diese Sitzung gibt es nicht.
passkey-js-registered = Dieser Passkey ist bereits für Ihr Konto registriert.
passkey-js-cancelled = Die Passkey-Anfrage wurde abgebrochen oder ist abgelaufen. Versuchen Sie es erneut, wenn Sie bereit sind.
passkey-js-failed = Ihr Browser konnte hier keinen Passkey verwenden. Versuchen Sie es erneut oder wählen Sie einen anderen Weg.
# Die Stärkeanzeige: fünf Wörter, vom schwächsten zum stärksten, getrennt durch |.
strength-words = Sehr schwach|Schwach|Mittel|Stark|Sehr stark
# {"{}"} steht für eines der Wörter oben.
strength-label = Stärke: {"{}"}
strength-short = {" "}(zu kurz)

## Die Links der Anwendung auf der Anmelde- und Zustimmungsseite.
client-logo = Logo von { $app }
client-website = Über { $app }
client-policy = Datenschutzerklärung von { $app }
client-tos = Nutzungsbedingungen von { $app }

## Abgelehnte Seiten außerhalb einer Anmeldung.
error-authorize = Die Anwendung hat eine Anmeldeanfrage gesendet, die nicht verwendet werden kann.
error-detail = Für die Entwickler der Anwendung:
admin-forbidden-title = Nur für Administratoren
admin-forbidden = Nur Administratoren dürfen die Administrationskonsole verwenden.
admin-forbidden-hint = Melden Sie sich mit einem Administratorkonto an oder bitten Sie einen Administrator um Zugriff.
