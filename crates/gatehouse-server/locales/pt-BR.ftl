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
