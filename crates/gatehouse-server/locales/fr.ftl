language-name = Français
secured-by = Sécurisé par { $product }
attempts-left = { $count ->
    [one] { $count } tentative restante
   *[other] { $count } tentatives restantes
}

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
