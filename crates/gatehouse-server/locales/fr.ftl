# Catalogue français de Gatehouse : exactement les mêmes messages que en.ftl.

# Le nom de la langue dans sa propre langue, dans le sélecteur.
language-name = Français
# En bas de chaque page.
secured-by = Sécurisé par { $product }

## La page de connexion.
login-title = Se connecter
login-to-app = pour continuer vers { $app }
login-username = Adresse e-mail ou nom d’utilisateur
login-password = Mot de passe
login-remember = Se souvenir de moi sur cet ordinateur
login-submit = Se connecter
login-or = ou
login-passkey = Se connecter avec une clé d’accès
login-forgot = Mot de passe oublié ?
# Le même message pour un utilisateur inconnu et un mauvais mot de passe.
login-invalid = Nom d’utilisateur ou mot de passe invalide
# La limite de tentatives échouées, avant le verrouillage.
login-invalid-left = { $count ->
    [one] Nom d’utilisateur ou mot de passe invalide. { $count } tentative restante.
   *[other] Nom d’utilisateur ou mot de passe invalide. { $count } tentatives restantes.
}
login-locked = Identifiants invalides. Le compte a été verrouillé.
login-blocked = { $count ->
    [one] Trop de tentatives échouées. Patientez { $count } minute avant de réessayer.
   *[other] Trop de tentatives échouées. Patientez { $count } minutes avant de réessayer.
}
account-locked = Le compte est verrouillé. Contactez un administrateur.
directory-down = L’annuaire de l’entreprise est indisponible. Veuillez réessayer plus tard.
login-no-directory-account = Aucun compte ne correspond à votre compte d’annuaire. Contactez votre administrateur.
login-busy = Trop de tentatives de connexion en ce moment. Veuillez réessayer dans un instant.
login-use-sso = Votre compte utilise l’authentification unique. Utilisez { $upstream }.
login-throttled = Trop de tentatives de connexion ont échoué depuis votre réseau.
error-unknown-sign-in-method = Méthode de connexion inconnue.

## La page de consentement.
consent-title = Autoriser l’accès ?
consent-lead = { $app } souhaite :
consent-signed-in = Connecté en tant que { $email }. Vous pourrez révoquer cet accès plus tard depuis la page de votre compte.
consent-deny = Refuser
consent-allow = Autoriser
scope-openid = Vous connecter avec votre compte
scope-profile = Voir votre nom et votre profil de base
scope-email = Voir votre adresse e-mail
scope-phone = Voir votre numéro de téléphone
scope-offline = Rester connecté quand vous ne l’utilisez pas (jusqu’à ce que vous révoquiez l’accès)
scope-admin = Administrer { $product } avec vos droits d’administrateur
scope-other = Accéder à des informations supplémentaires

## Toutes les pages.
footer-help = Aide
footer-privacy = Confidentialité
footer-language = Langue
sign-out = Se déconnecter
current-password = Mot de passe actuel
new-password = Nouveau mot de passe
repeat-password = Confirmez le nouveau mot de passe
password-min-length = { $count ->
    [one] Au moins { $count } caractère.
   *[other] Au moins { $count } caractères.
}
password-hint = Les phrases longues composées de mots sans rapport entre eux sont les plus robustes.
duration-seconds = { $count ->
    [one] { $count } seconde
   *[other] { $count } secondes
}
duration-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
duration-hours = { $count ->
    [one] { $count } heure
   *[other] { $count } heures
}
duration-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}

## Pages d’erreur.
error-reference = Référence :

## Pages de message.
message-manage-account = Gérer votre compte

## La page form_post (le navigateur transmet la réponse à l’application).
form-post-title = Connexion en cours…
form-post-manual = Si rien ne se passe, continuez manuellement :
form-post-continue = Continuer

## La vérification en deux étapes lors de la connexion.
mfa-qr-label = Code QR pour votre application d’authentification
mfa-qr-manual = Impossible de le scanner ? Saisissez cette clé dans l’application :
mfa-recovery-keep = Conservez ces codes de récupération en lieu sûr. Chacun ne fonctionne qu’une seule fois, si vous perdez votre second facteur. Ils ne sont affichés que maintenant.
mfa-back-to-account = Retour à votre compte
mfa-remember-device = { $count ->
    [one] Se souvenir de cet appareil pendant { $count } jour
   *[other] Se souvenir de cet appareil pendant { $count } jours
}
mfa-verify = Vérifier
mfa-resend = Renvoyer

## Clés d’accès.
passkey-create = Créer une clé d’accès
passkey-ready = Votre clé d’accès est prête. Donnez-lui un nom que vous reconnaîtrez.
passkey-name = Nom
passkey-save = Enregistrer la clé d’accès
passkey-use = Utiliser votre clé d’accès
passkey-unsupported = Ce navigateur ne peut pas utiliser de clé d’accès ici. Utilisez une autre méthode ou un autre navigateur.

## La page du compte.
account-title = Votre compte
account-profile = Profil
account-name = Nom
account-phone = Téléphone (format international, p. ex. +14155550123)
account-language = Langue
account-language-auto = Automatique (celle de votre navigateur)
account-profile-password = Mot de passe actuel (nécessaire pour changer le numéro de téléphone)
account-save-profile = Enregistrer le profil
account-pending-phone = L’annuaire de votre organisation indique un nouveau numéro de téléphone se terminant par { $ending }. Les codes de connexion sont envoyés à votre numéro actuel jusqu’à ce que vous confirmiez le nouveau.
account-use-new-number = Utiliser le nouveau numéro
account-password = Mot de passe
account-change-password = Changer le mot de passe
account-two-step = Vérification en deux étapes
account-no-factor = Aucun second facteur pour l’instant.
account-add-factor = Ajouter : { $method }
account-recovery-left = Codes de récupération restants : { $count } sur { $total }.
account-regenerate-codes = Générer de nouveaux codes de récupération
account-passkeys = Clés d’accès
account-passkeys-lead = Connectez-vous avec votre empreinte digitale, votre visage, le verrouillage de votre écran ou une clé de sécurité au lieu d’un mot de passe et d’un code. Une clé d’accès ne fonctionne que sur ce site : une fausse page ne peut donc pas la voler.
account-passkey-synced = synchronisée
account-passkey-added = ajoutée { $when }
account-passkey-used = dernière utilisation : { $when }
account-no-passkey = Aucune clé d’accès pour l’instant.
account-add-passkey = Ajouter une clé d’accès
account-sessions = Où vous êtes connecté
account-this-browser = (ce navigateur)
account-last-active = dernière activité : { $when }
account-sign-out-everywhere = Se déconnecter partout
account-apps = Applications que vous avez autorisées
account-no-apps = Aucune.
account-revoke = Révoquer
account-links = Méthodes de connexion associées
account-unlink = Dissocier
account-remove = Supprimer

## Mot de passe oublié.
forgot-lead = Saisissez votre nom d’utilisateur ou votre adresse e-mail. Nous enverrons un lien pour choisir un nouveau mot de passe à l’adresse e-mail de votre compte.
forgot-submit = Envoyer le lien de réinitialisation
forgot-back = Retour à la connexion

## Conditions d’utilisation.
terms-title = Conditions d’utilisation
terms-lead = Avant de continuer, veuillez lire et accepter les conditions d’utilisation (version { $version }).
terms-read = Lire les conditions d’utilisation
terms-decline = Refuser
terms-accept = Accepter
terms-decline-note = Si vous refusez, vous serez déconnecté.

## Déconnexion.
logout-title = Se déconnecter ?
logout-signed-in-as = Vous êtes connecté en tant que { $email }.
logout-app-asks = { $app } a demandé à vous déconnecter.
logout-stay = Rester connecté

## Pages d’erreur.
error-title = Erreur de connexion
error-go-back = Retournez à l’application d’où vous venez et réessayez.
error-expired-title = Cette page a expiré
error-expired = Cette demande de connexion a expiré ou a déjà été utilisée.
error-expired-hint = Retournez à l’application d’où vous venez et reconnectez-vous.
error-link-expired = Ce lien a expiré
error-too-many-title = Trop de tentatives
error-too-many-sign-ins = Trop de connexions ont été lancées depuis votre réseau.
error-wait = Veuillez patienter quelques minutes avant de réessayer.
error-unavailable-title = Temporairement indisponible
error-unavailable = Le service de connexion est temporairement indisponible.
error-unavailable-hint = Veuillez réessayer dans une minute.
error-internal-title = Un problème est survenu
error-internal = Une erreur interne s’est produite.
error-internal-hint = Veuillez réessayer. Si le problème persiste, communiquez à votre administrateur la référence ci-dessous.
error-language = Cette langue n’est pas proposée.

## Mot de passe oublié et liens envoyés par e-mail.
forgot-limit = { $count ->
    [one] Vous pouvez demander la réinitialisation du mot de passe au maximum { $count } fois par jour
   *[other] Vous pouvez demander la réinitialisation du mot de passe au maximum { $count } fois par jour
}
forgot-unknown = Les identifiants que vous avez saisis ne sont pas valides.
forgot-sent = Si un compte correspond, un lien pour choisir un nouveau mot de passe est en cours d’envoi à l’adresse e-mail de ce compte.
reset-title = Choisissez un nouveau mot de passe
reset-lead = Saisissez un nouveau mot de passe pour votre compte.
reset-expired-hint = Demandez un nouveau lien avec « Mot de passe oublié ? » sur la page de connexion.
reset-done-title = Mot de passe modifié
reset-done = Votre mot de passe a été modifié et vos autres sessions ont été déconnectées. Connectez-vous avec votre nouveau mot de passe.
activate-title = Activez votre compte
activate-lead = Choisissez un mot de passe pour activer votre compte.
activate-button = Activer
activate-expired-hint = Demandez à votre administrateur de vous envoyer une nouvelle invitation, ou utilisez « Mot de passe oublié ? » sur la page de connexion pour définir votre mot de passe.

## La politique de mots de passe.
password-too-short = { $count ->
    [one] Utilisez au moins { $count } caractère.
   *[other] Utilisez au moins { $count } caractères.
}
password-too-long = { $count ->
    [one] Utilisez au plus { $count } caractère.
   *[other] Utilisez au plus { $count } caractères.
}
password-too-weak = Ce mot de passe est trop facile à deviner. Ajoutez des mots ou des caractères.
password-identity = Le mot de passe ne doit ni être ni contenir votre adresse e-mail ou votre nom d’utilisateur.
password-reused = { $count ->
    [one] Choisissez un mot de passe différent de votre dernier mot de passe.
   *[other] Choisissez un mot de passe différent de vos { $count } derniers mots de passe.
}
password-mismatch = Les deux mots de passe ne correspondent pas.

## E-mails.
mail-hello = Bonjour,
mail-hello-name = Bonjour { $name },
mail-not-you = Si ce n’était pas vous, contactez immédiatement votre administrateur.
mail-invitation-subject = Activez votre compte
mail-invitation-lead = Un compte a été créé pour vous ({ $email }). Pour commencer, choisissez votre mot de passe :
mail-invitation-action = Activer maintenant
mail-invitation-expiry = Ce lien ne peut être utilisé qu’une seule fois et expire dans { $valid_for }. S’il a expiré, demandez à votre administrateur de vous envoyer une nouvelle invitation, ou utilisez « Mot de passe oublié ? » sur la page de connexion.
mail-reset-subject = Réinitialisez votre mot de passe
mail-reset-action = Réinitialiser votre mot de passe
mail-reset-expiry = Ce lien ne peut être utilisé qu’une seule fois et expire dans { $valid_for }. Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer ce message : votre mot de passe reste inchangé.
mail-reset-asked = Quelqu’un (vous, espérons-le) a demandé la réinitialisation du mot de passe de votre compte.
mail-reset-expired = Votre mot de passe a expiré. Choisissez-en un nouveau pour vous reconnecter.
mail-reset-admin = Un administrateur vous a demandé de choisir un nouveau mot de passe.
mail-changed-subject = Votre mot de passe a été modifié
mail-changed-lead = Le mot de passe de votre compte { $email } a été modifié. Vos autres sessions ont été déconnectées.
mail-expiry-subject = { $count ->
    [one] Votre mot de passe expire dans { $count } jour
   *[other] Votre mot de passe expire dans { $count } jours
}
mail-expiry-lead = { $count ->
    [one] Le mot de passe de votre compte { $email } expire dans { $count } jour. Changez-le d’ici là depuis la page de votre compte.
   *[other] Le mot de passe de votre compte { $email } expire dans { $count } jours. Changez-le d’ici là depuis la page de votre compte.
}
mail-expiry-action = Changer votre mot de passe
mail-locked-subject = Votre compte a été verrouillé
mail-locked-lead = Il y a eu trop de tentatives de connexion échouées sur votre compte { $email }.
mail-locked-permanent = Le compte reste verrouillé jusqu’à ce qu’un administrateur le déverrouille.
mail-locked-temporary = { $count ->
    [one] La connexion est bloquée pendant { $count } minute.
   *[other] La connexion est bloquée pendant { $count } minutes.
}
mail-locked-not-you = Si ces tentatives ne venaient pas de vous, prévenez votre administrateur.
mail-mfa-changed-subject = La vérification en deux étapes de votre compte a été modifiée
mail-mfa-changed-lead = La vérification en deux étapes de votre compte a été modifiée : { $what }.
mail-mfa-changed-not-you = Si ce n’était pas vous, réinitialisez votre mot de passe et contactez immédiatement votre administrateur.
mail-directory-subject = Les informations de votre compte ont changé dans votre annuaire
mail-directory-lead = L’annuaire de votre organisation a modifié votre compte : { $what }.
mail-directory-not-you = Si vous ne vous y attendiez pas, contactez votre administrateur.
mail-code-subject = Votre code de connexion : { $code }
mail-code-lead = Votre code de connexion est
mail-code-expiry = Il est valable { $valid_for } et ne peut être utilisé qu’une seule fois. Si vous n’avez pas essayé de vous connecter, changez votre mot de passe.

## Seconds facteurs.
method-totp = Application d’authentification
method-sms = Message texte (SMS)
method-email = E-mail
method-passkey = Clé d’accès ou clé de sécurité
method-name-totp = application d’authentification
method-name-sms = message texte (SMS)
method-name-email = code par e-mail
method-name-passkey = clé d’accès
mfa-no-phone = Aucun numéro de téléphone dans votre profil. Veuillez contacter votre administrateur.
mfa-too-many-sends = Trop de codes ont été envoyés. Patientez quelques minutes avant d’en redemander un.
mfa-sms-failed = Le SMS n’a pas pu être envoyé. Réessayez ou choisissez une autre méthode.
mfa-no-code-needed = Cette méthode ne nécessite l’envoi d’aucun code.
mfa-blocked = { $count ->
    [one] Trop de codes erronés. Patientez { $count } minute avant de réessayer.
   *[other] Trop de codes erronés. Patientez { $count } minutes avant de réessayer.
}
mfa-new-recovery-title = Vos nouveaux codes de récupération
mfa-change-recovery = de nouveaux codes de récupération ont été créés et les anciens ne fonctionnent plus
mfa-change-added = un second facteur a été ajouté ({ $method })
mfa-change-removed = un second facteur a été supprimé ({ $method })
mfa-change-passkey-added = une clé d’accès a été ajoutée (« { $name } »)
mfa-change-passkey-removed = une clé d’accès a été supprimée (« { $name } »)
mfa-change-phone = le numéro de téléphone des codes par SMS a été modifié
mfa-change-new-phone = un nouveau numéro de téléphone reçoit les codes de connexion
# Le SMS contenant un code de connexion.
sms-code = Votre code de connexion est { $code }. Il est valable { $valid_for }.
mfa-resent = Un nouveau code a été envoyé. Les codes précédents ne fonctionnent plus.
mfa-wrong-code = Ce code est incorrect.
mfa-save-codes-title = Enregistrez vos codes de récupération
mfa-saved-continue = Je les ai enregistrés, continuer
mfa-prove-email = Avant de configurer la vérification en deux étapes, confirmez qu’il s’agit bien de vous : saisissez le code à 6 chiffres que nous avons envoyé à { $email }.
mfa-check-email = Consultez vos e-mails
mfa-code-email = Code reçu par e-mail
mfa-code-email-or-recovery = Code reçu par e-mail (ou un code de récupération)
mfa-setup-title = Configurez un second facteur
mfa-setup-lead = Votre compte exige une seconde étape pour se connecter. Choisissez comment vous souhaitez recevoir vos codes.
mfa-choose-method = Choisissez une méthode :
mfa-other-method = Utiliser une autre méthode :
mfa-totp-setup-title = Configurez votre application d’authentification
mfa-totp-setup-lead = Scannez le code QR avec Google Authenticator, Microsoft Authenticator, Authy ou une application similaire, puis saisissez le code à 6 chiffres qu’elle affiche.
mfa-code-app = Code de l’application
mfa-totp-title = Saisissez votre code
mfa-totp-lead = Ouvrez votre application d’authentification et saisissez le code à 6 chiffres.
mfa-code-app-or-recovery = Code de l’application (ou un code de récupération)
mfa-email-lead = Nous avons envoyé un code à 6 chiffres à { $email }.
mfa-check-phone = Consultez votre téléphone
mfa-sms-lead = Nous avons envoyé un code à 6 chiffres par SMS.
mfa-code-sms = Code reçu par SMS
mfa-code-sms-or-recovery = Code reçu par SMS (ou un code de récupération)
error-unknown-method = Méthode inconnue.
error-method-unavailable = Cette méthode n’est pas disponible.
passkey-unavailable = Les clés d’accès ne sont pas disponibles pour le moment. Utilisez une autre méthode.
passkey-create-lead = Une clé d’accès vous connecte avec votre empreinte digitale, votre visage, le verrouillage de votre écran ou une clé de sécurité. Elle ne fonctionne que sur ce site : une fausse page ne peut donc pas la voler.
passkey-use-lead = Confirmez qu’il s’agit bien de vous avec votre empreinte digitale, votre visage, le verrouillage de votre écran ou votre clé de sécurité.
passkey-suggested-name = Clé d’accès ({ $browser })
passkey-or-recovery = Ou saisissez un code de récupération
passkey-expired = Le délai a été dépassé, ou la demande a déjà été utilisée. Veuillez réessayer.
passkey-failed = Cette clé d’accès n’a pas pu être utilisée. Réessayez, ou utilisez un autre moyen de connexion.
passkey-model = Ce type de clé de sécurité ou de clé d’accès n’est pas autorisé ici. Utilisez-en une approuvée par votre organisation.
passkey-too-many = Votre compte a atteint le nombre maximal de clés d’accès. Supprimez-en une d’abord.
browser-on-os = { $browser } sur { $os }
browser-unknown = Navigateur inconnu

## Modifications apportées par l’annuaire de l’entreprise (dans un e-mail).
directory-new-phone = un nouveau numéro de téléphone se terminant par { $ending }
directory-new-phone-next = Il ne sert pas aux codes de connexion tant que vous ne l’avez pas confirmé sur la page de votre compte ou qu’un administrateur ne l’a pas confirmé.
directory-phone-added = un numéro de téléphone se terminant par { $ending } a été ajouté
directory-phone-added-next = Les codes de connexion par SMS peuvent y être envoyés.
directory-new-email = il indique une nouvelle adresse e-mail, { $email }
directory-new-email-held = Les codes de connexion sont toujours envoyés à cette adresse : la nouvelle n’a donc pas été appliquée. Si ce changement vient de vous, adressez-vous à votre administrateur.
directory-email-changed = son adresse e-mail est désormais { $email }
directory-email-changed-next = Les messages concernant votre compte sont désormais envoyés à la nouvelle adresse.

## Connexion avec un autre fournisseur (Google, Microsoft, …).
upstream-failed-title = Échec de la connexion
upstream-failed = La connexion avec { $upstream } a échoué.
upstream-failed-hint = Retournez à la page de connexion et réessayez. Si le problème persiste, communiquez à votre administrateur la référence ci-dessous.
upstream-cancelled-title = Connexion annulée
upstream-cancelled = La connexion avec { $upstream } a été annulée ou refusée.
upstream-cancelled-hint = Retournez à la page de connexion et réessayez.
upstream-no-account = Aucun compte ne correspond à votre adresse e-mail { $upstream }. Contactez votre administrateur.
upstream-sso-off = L’authentification unique n’est pas activée pour votre compte. Contactez votre administrateur.
upstream-refused-title = Connexion refusée
signed-out-title = Déconnecté
terms-declined = Vous avez refusé les conditions d’utilisation et avez été déconnecté.
error-unknown-decision = Décision inconnue.
signed-out = Vous avez été déconnecté.
error-not-a-form = La requête doit être un formulaire.
error-id-token-hint = Le paramètre id_token_hint n’est pas valide.
error-unknown-client = L’application n’est pas enregistrée.
error-client-hint-mismatch = Le client_id ne correspond pas au paramètre id_token_hint.
error-logout-uri = L’adresse post_logout_redirect_uri n’est pas enregistrée pour cette application.
error-redirect-uri = L’URI de redirection n’est pas valide.
login-credentials-expired = Les identifiants ont expiré. Nous avons envoyé à votre adresse e-mail un lien pour choisir un nouveau mot de passe.
home-signed-out = Vous n’êtes pas connecté.
home-signed-in-title = Connecté
home-signed-in = Vous êtes connecté en tant que { $email }.
ago-now = à l’instant
ago-never = jamais
ago-minutes = { $count ->
    [one] il y a { $count } minute
   *[other] il y a { $count } minutes
}
ago-hours = { $count ->
    [one] il y a { $count } heure
   *[other] il y a { $count } heures
}
ago-days = { $count ->
    [one] il y a { $count } jour
   *[other] il y a { $count } jours
}
account-password-directory = Votre mot de passe est géré par l’annuaire de votre organisation. Changez-le là-bas.
account-password-sso = Vous vous connectez avec { $upstream }. Il n’y a pas de mot de passe à changer ici.
account-done-profile = Votre profil a été enregistré.
account-done-password = Votre mot de passe a été modifié. Vos autres sessions ont été déconnectées.
account-done-session = La session a été déconnectée.
account-done-app = L’accès a été révoqué.
account-done-mfa = La vérification en deux étapes a été mise à jour.
account-done-passkey-added = Votre clé d’accès a été ajoutée. Vous pouvez dès maintenant l’utiliser pour vous connecter.
account-done-passkey-removed = La clé d’accès a été supprimée.
account-done-link = La méthode de connexion a été dissociée.
account-done-phone = Les codes de connexion par SMS sont désormais envoyés au nouveau numéro.
account-name-invalid = Le nom doit comporter au plus 200 caractères, sans saut de ligne.
account-phone-format = Saisissez le numéro de téléphone au format international, par exemple +14155550123.
account-phone-password = Saisissez votre mot de passe actuel pour changer le numéro de téléphone.
account-wrong-password = Le mot de passe actuel est incorrect.
account-reauth-sso = Pour votre sécurité, déconnectez-vous puis reconnectez-vous, et effectuez cette modification dans les 5 minutes.
account-reauth-password = Saisissez votre mot de passe actuel pour modifier la vérification en deux étapes.
account-keep-factor = Votre compte doit conserver un second facteur.
account-keep-passkey = Votre compte doit conserver une clé d’accès.
account-directory-link = Annuaire de l’entreprise
account-directory-unlink = Les comptes d’annuaire ne peuvent pas être dissociés.
error-no-session = Session introuvable.
passkey-js-registered = Cette clé d’accès est déjà enregistrée pour votre compte.
passkey-js-cancelled = La demande de clé d’accès a été annulée ou a expiré. Réessayez quand vous serez prêt.
passkey-js-failed = Votre navigateur n’a pas pu utiliser de clé d’accès ici. Réessayez, ou utilisez un autre moyen.
# L’indicateur de robustesse : cinq mots, du plus faible au plus fort, séparés par |.
strength-words = Très faible|Faible|Moyenne|Forte|Très forte
# {"{}"} représente l’un des mots ci-dessus.
strength-label = Robustesse : {"{}"}
strength-short = {" "}(trop court)

## Les liens de l’application, sur les pages de connexion et de consentement.
client-logo = Logo de { $app }
client-website = À propos de { $app }
client-policy = Politique de confidentialité de { $app }
client-tos = Conditions d’utilisation de { $app }

## Pages refusées en dehors d’une connexion.
error-authorize = L’application a envoyé une demande de connexion inutilisable.
error-detail = Pour les développeurs de l’application :
admin-forbidden-title = Réservé aux administrateurs
admin-forbidden = Seuls les administrateurs peuvent utiliser la console d’administration.
admin-forbidden-hint = Connectez-vous avec un compte administrateur, ou demandez l’accès à un administrateur.
