language-name = Português (Brasil)
secured-by = Protegido por { $product }
attempts-left = { $count ->
    [one] { $count } tentativa restante
   *[other] { $count } tentativas restantes
}

## A página de login.
login-title = Entrar
login-to-app = para continuar em { $app }
login-username = E-mail ou nome de usuário
login-password = Senha
login-remember = Lembrar de mim neste computador
login-submit = Entrar
login-or = ou
login-passkey = Entrar com uma chave de acesso
login-forgot = Esqueceu sua senha?

## A página de consentimento.
consent-title = Permitir acesso?
consent-lead = { $app } gostaria de:
consent-signed-in = Conectado como { $email }. Você pode revogar o acesso depois na página da sua conta.
consent-deny = Negar
consent-allow = Permitir
scope-openid = Fazer seu login com sua conta
scope-profile = Ver seu nome e seu perfil básico
scope-email = Ver seu endereço de e-mail
scope-phone = Ver seu número de telefone
scope-offline = Manter a conexão quando você não estiver usando (até você revogar o acesso)
scope-admin = Administrar { $product } com seus direitos de administrador
scope-other = Acessar informações adicionais
