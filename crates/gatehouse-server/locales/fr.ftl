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
