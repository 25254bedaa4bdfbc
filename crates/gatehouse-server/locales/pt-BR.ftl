# Catálogo do Gatehouse em português do Brasil: exatamente as mesmas mensagens do catálogo em inglês.

# O nome do idioma na própria língua, no seletor de idioma.
language-name = Português (Brasil)
# No rodapé de todas as páginas.
secured-by = Protegido por { $product }

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
# A mesma mensagem para um usuário desconhecido e para uma senha errada.
login-invalid = Nome de usuário ou senha inválidos
# O limite de tentativas malsucedidas, antes do bloqueio.
login-invalid-left = { $count ->
    [one] Nome de usuário ou senha inválidos. { $count } tentativa restante.
   *[other] Nome de usuário ou senha inválidos. { $count } tentativas restantes.
}
login-locked = Credenciais inválidas. A conta foi bloqueada.
login-blocked = { $count ->
    [one] Muitas tentativas malsucedidas. Aguarde { $count } minuto antes de tentar novamente.
   *[other] Muitas tentativas malsucedidas. Aguarde { $count } minutos antes de tentar novamente.
}
account-locked = A conta está bloqueada. Entre em contato com um administrador.
directory-down = O diretório corporativo está indisponível. Tente novamente mais tarde.
login-no-directory-account = Nenhuma conta corresponde à sua conta do diretório. Entre em contato com o seu administrador.
login-busy = Há muitas tentativas de login no momento. Tente novamente em instantes.
login-use-sso = Sua conta usa login único (SSO). Use { $upstream }.
login-throttled = Houve muitas tentativas de login malsucedidas a partir da sua rede.
error-unknown-sign-in-method = Método de login desconhecido.

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

## Todas as páginas.
footer-help = Ajuda
footer-privacy = Privacidade
footer-language = Idioma
sign-out = Sair
current-password = Senha atual
new-password = Nova senha
repeat-password = Repita a nova senha
password-min-length = { $count ->
    [one] Pelo menos { $count } caractere.
   *[other] Pelo menos { $count } caracteres.
}
password-hint = Frases mais longas, com palavras sem relação entre si, são as mais fortes.
duration-seconds = { $count ->
    [one] { $count } segundo
   *[other] { $count } segundos
}
duration-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}
duration-hours = { $count ->
    [one] { $count } hora
   *[other] { $count } horas
}
duration-days = { $count ->
    [one] { $count } dia
   *[other] { $count } dias
}

## Páginas de erro.
error-reference = Referência:

## Páginas de mensagem.
message-manage-account = Gerenciar sua conta

## A página form_post (o navegador envia a resposta ao aplicativo).
form-post-title = Fazendo seu login…
form-post-manual = Se nada acontecer, continue manualmente:
form-post-continue = Continuar

## Verificação em duas etapas durante o login.
mfa-qr-label = Código QR para o seu aplicativo autenticador
mfa-qr-manual = Não consegue escanear? Digite esta chave no aplicativo:
mfa-recovery-keep = Guarde estes códigos de recuperação em um lugar seguro. Cada um funciona uma única vez, caso você perca o seu segundo fator. Eles são exibidos somente agora.
mfa-back-to-account = Voltar para a sua conta
mfa-remember-device = { $count ->
    [one] Lembrar deste dispositivo por { $count } dia
   *[other] Lembrar deste dispositivo por { $count } dias
}
mfa-verify = Verificar
mfa-resend = Enviar novamente

## Chaves de acesso.
passkey-create = Criar uma chave de acesso
passkey-ready = Sua chave de acesso está pronta. Dê a ela um nome que você reconheça.
passkey-name = Nome
passkey-save = Salvar chave de acesso
passkey-use = Usar sua chave de acesso
passkey-unsupported = Este navegador não pode usar chaves de acesso aqui. Use outro método ou outro navegador.

## A página da conta.
account-title = Sua conta
account-profile = Perfil
account-name = Nome
account-phone = Telefone (formato internacional, ex.: +14155550123)
account-language = Idioma
account-language-auto = Automático (o do seu navegador)
account-profile-password = Senha atual (necessária para alterar o número de telefone)
account-save-profile = Salvar perfil
account-pending-phone = O diretório da sua organização indica um novo número de telefone terminado em { $ending }. Os códigos de login continuam indo para o seu número atual até você confirmar o novo.
account-use-new-number = Usar o novo número
account-password = Senha
account-change-password = Alterar senha
account-two-step = Verificação em duas etapas
account-no-factor = Nenhum segundo fator ainda.
account-add-factor = Adicionar { $method }
account-recovery-left = Códigos de recuperação: restam { $count } de { $total }.
account-regenerate-codes = Gerar novos códigos de recuperação
account-passkeys = Chaves de acesso
account-passkeys-lead = Entre com sua impressão digital, seu rosto, o bloqueio de tela ou uma chave de segurança em vez de uma senha e um código. Uma chave de acesso só funciona neste site, então uma página falsa não consegue roubá-la.
account-passkey-synced = sincronizada
account-passkey-added = adicionada { $when }
account-passkey-used = último uso: { $when }
account-no-passkey = Nenhuma chave de acesso ainda.
account-add-passkey = Adicionar uma chave de acesso
account-sessions = Onde você está conectado
account-this-browser = (este navegador)
account-last-active = última atividade: { $when }
account-sign-out-everywhere = Sair de todos os lugares
account-apps = Aplicativos que você autorizou
account-no-apps = Nenhum.
account-revoke = Revogar
account-links = Métodos de login vinculados
account-unlink = Desvincular
account-remove = Remover

## Esqueci a senha.
forgot-lead = Digite seu nome de usuário ou endereço de e-mail. Enviaremos um link para escolher uma nova senha para o endereço de e-mail da sua conta.
forgot-submit = Enviar link de redefinição
forgot-back = Voltar para o login

## Termos de Serviço.
terms-title = Termos de Serviço
terms-lead = Antes de continuar, leia e aceite os Termos de Serviço (versão { $version }).
terms-read = Ler os Termos de Serviço
terms-decline = Recusar
terms-accept = Aceitar
terms-decline-note = Se você recusar, será desconectado.

## Sair.
logout-title = Sair?
logout-signed-in-as = Você está conectado como { $email }.
logout-app-asks = { $app } pediu para desconectar você.
logout-stay = Continuar conectado

## Páginas de erro.
error-title = Erro de login
error-go-back = Volte para o aplicativo de onde você veio e tente novamente.
error-expired-title = Esta página expirou
error-expired = Esta solicitação de login expirou ou já foi usada.
error-expired-hint = Volte para o aplicativo de onde você veio e entre novamente.
error-link-expired = Este link expirou
error-too-many-title = Muitas tentativas
error-too-many-sign-ins = Muitos logins foram iniciados a partir da sua rede.
error-wait = Aguarde alguns minutos antes de tentar novamente.
error-unavailable-title = Temporariamente indisponível
error-unavailable = O serviço de login está temporariamente indisponível.
error-unavailable-hint = Tente novamente em um minuto.
error-internal-title = Algo deu errado
error-internal = Ocorreu um erro interno.
error-internal-hint = Tente novamente. Se continuar acontecendo, informe ao seu administrador a referência abaixo.
error-language = Este idioma não é oferecido.

## Esqueci a senha e os links enviados por e-mail.
forgot-limit = { $count ->
    [one] Você pode solicitar a redefinição de senha no máximo uma vez por dia
   *[other] Você pode solicitar a redefinição de senha no máximo { $count } vezes por dia
}
forgot-unknown = As credenciais que você informou não são válidas.
forgot-sent = Se houver uma conta correspondente, um link para escolher uma nova senha está a caminho do endereço de e-mail dessa conta.
reset-title = Escolha uma nova senha
reset-lead = Digite uma nova senha para a sua conta.
reset-expired-hint = Solicite um novo link em “Esqueceu sua senha?” na página de login.
reset-done-title = Senha alterada
reset-done = Sua senha foi alterada e suas outras sessões foram encerradas. Entre com sua nova senha.
activate-title = Ative sua conta
activate-lead = Escolha uma senha para ativar sua conta.
activate-button = Ativar
activate-expired-hint = Peça ao seu administrador para enviar um novo convite ou use “Esqueceu sua senha?” na página de login para definir sua senha.

## A política de senhas.
password-too-short = { $count ->
    [one] Use pelo menos { $count } caractere.
   *[other] Use pelo menos { $count } caracteres.
}
password-too-long = { $count ->
    [one] Use no máximo { $count } caractere.
   *[other] Use no máximo { $count } caracteres.
}
password-too-weak = Esta senha é fácil demais de adivinhar. Adicione mais palavras ou caracteres.
password-identity = A senha não pode ser nem conter seu endereço de e-mail ou seu nome de usuário.
password-reused = { $count ->
    [one] Escolha uma senha diferente da sua última senha.
   *[other] Escolha uma senha que você não tenha usado em nenhuma das suas últimas { $count } senhas.
}
password-mismatch = As duas senhas não coincidem.

## E-mails.
mail-hello = Olá,
mail-hello-name = Olá, { $name },
mail-not-you = Se não foi você, entre em contato com o seu administrador imediatamente.
mail-invitation-subject = Ative sua conta
mail-invitation-lead = Uma conta foi criada para você ({ $email }). Para começar, escolha sua senha:
mail-invitation-action = Ativar agora
mail-invitation-expiry = Este link pode ser usado uma única vez e expira em { $valid_for }. Se ele tiver expirado, peça ao seu administrador para enviar um novo convite ou use “Esqueceu sua senha?” na página de login.
mail-reset-subject = Redefina sua senha
mail-reset-action = Redefinir sua senha
mail-reset-expiry = Este link pode ser usado uma única vez e expira em { $valid_for }. Se você não fez essa solicitação, pode ignorar esta mensagem: sua senha continuará a mesma.
mail-reset-asked = Alguém (esperamos que você) pediu para redefinir a senha da sua conta.
mail-reset-expired = Sua senha expirou. Escolha uma nova para entrar novamente.
mail-reset-admin = Um administrador pediu que você escolha uma nova senha.
mail-changed-subject = Sua senha foi alterada
mail-changed-lead = A senha da sua conta { $email } foi alterada. Suas outras sessões foram encerradas.
mail-expiry-subject = { $count ->
    [one] Sua senha expira em { $count } dia
   *[other] Sua senha expira em { $count } dias
}
mail-expiry-lead = { $count ->
    [one] A senha da sua conta { $email } expira em { $count } dia. Altere-a na página da sua conta antes disso.
   *[other] A senha da sua conta { $email } expira em { $count } dias. Altere-a na página da sua conta antes disso.
}
mail-expiry-action = Alterar sua senha
mail-locked-subject = Sua conta foi bloqueada
mail-locked-lead = Houve muitas tentativas de login malsucedidas na sua conta { $email }.
mail-locked-permanent = A conta ficará bloqueada até que um administrador a desbloqueie.
mail-locked-temporary = { $count ->
    [one] O login está bloqueado por { $count } minuto.
   *[other] O login está bloqueado por { $count } minutos.
}
mail-locked-not-you = Se essas tentativas não foram suas, informe o seu administrador.
mail-mfa-changed-subject = A verificação em duas etapas da sua conta foi alterada
mail-mfa-changed-lead = A verificação em duas etapas da sua conta foi alterada: { $what }.
mail-mfa-changed-not-you = Se não foi você, redefina sua senha e entre em contato com o seu administrador imediatamente.
mail-directory-subject = Os dados da sua conta foram alterados no seu diretório
mail-directory-lead = O diretório da sua organização alterou sua conta: { $what }.
mail-directory-not-you = Se você não esperava por isso, entre em contato com o seu administrador.
mail-code-subject = Seu código de login: { $code }
mail-code-lead = Seu código de login é
mail-code-expiry = Ele é válido por { $valid_for } e pode ser usado uma única vez. Se você não tentou entrar, altere sua senha.

## Segundos fatores.
method-totp = Aplicativo autenticador
method-sms = Mensagem de texto (SMS)
method-email = E-mail
method-passkey = Chave de acesso ou chave de segurança
method-name-totp = aplicativo autenticador
method-name-sms = mensagem de texto (SMS)
method-name-email = código por e-mail
method-name-passkey = chave de acesso
mfa-no-phone = Não há número de telefone no seu perfil. Entre em contato com o seu administrador.
mfa-too-many-sends = Foram enviados códigos demais. Aguarde alguns minutos antes de pedir novamente.
mfa-sms-failed = Não foi possível enviar a mensagem de texto. Tente novamente ou escolha outro método.
mfa-no-code-needed = Este método não precisa que um código seja enviado.
mfa-blocked = { $count ->
    [one] Muitos códigos incorretos. Aguarde { $count } minuto antes de tentar novamente.
   *[other] Muitos códigos incorretos. Aguarde { $count } minutos antes de tentar novamente.
}
mfa-new-recovery-title = Seus novos códigos de recuperação
mfa-change-recovery = novos códigos de recuperação foram criados, e os antigos não funcionam mais
mfa-change-added = um segundo fator foi adicionado ({ $method })
mfa-change-removed = um segundo fator foi removido ({ $method })
mfa-change-passkey-added = uma chave de acesso foi adicionada (“{ $name }”)
mfa-change-passkey-removed = uma chave de acesso foi removida (“{ $name }”)
mfa-change-phone = o número de telefone para códigos por mensagem de texto foi alterado
mfa-change-new-phone = um novo número de telefone recebe os códigos de login
# A mensagem de texto com um código de login.
sms-code = Seu código de login é { $code }. Ele é válido por { $valid_for }.
mfa-resent = Um novo código foi enviado. Os códigos anteriores não funcionam mais.
mfa-wrong-code = Esse código não está correto.
mfa-save-codes-title = Salve seus códigos de recuperação
mfa-saved-continue = Já os salvei, continuar
mfa-prove-email = Antes de configurar a verificação em duas etapas, confirme que é você: digite o código de 6 dígitos que enviamos para { $email }.
mfa-check-email = Verifique seu e-mail
mfa-code-email = Código do e-mail
mfa-code-email-or-recovery = Código do e-mail (ou um código de recuperação)
mfa-setup-title = Configure um segundo fator
mfa-setup-lead = Sua conta precisa de uma segunda etapa para entrar. Escolha como você quer receber seus códigos.
mfa-choose-method = Escolha um método:
mfa-other-method = Usar outro método:
mfa-totp-setup-title = Configure seu aplicativo autenticador
mfa-totp-setup-lead = Escaneie o código QR com o Google Authenticator, o Microsoft Authenticator, o Authy ou um aplicativo semelhante e digite o código de 6 dígitos exibido.
mfa-code-app = Código do aplicativo
mfa-totp-title = Digite seu código
mfa-totp-lead = Abra seu aplicativo autenticador e digite o código de 6 dígitos.
mfa-code-app-or-recovery = Código do aplicativo (ou um código de recuperação)
mfa-email-lead = Enviamos um código de 6 dígitos para { $email }.
mfa-check-phone = Verifique seu telefone
mfa-sms-lead = Enviamos um código de 6 dígitos por mensagem de texto.
mfa-code-sms = Código da mensagem de texto
mfa-code-sms-or-recovery = Código da mensagem de texto (ou um código de recuperação)
error-unknown-method = Método desconhecido.
error-method-unavailable = Este método não está disponível.
passkey-unavailable = As chaves de acesso não estão disponíveis no momento. Use outro método.
passkey-create-lead = Com uma chave de acesso, você entra com sua impressão digital, seu rosto, o bloqueio de tela ou uma chave de segurança. Ela só funciona neste site, então uma página falsa não consegue roubá-la.
passkey-use-lead = Confirme que é você com sua impressão digital, seu rosto, o bloqueio de tela ou uma chave de segurança.
passkey-suggested-name = Chave de acesso ({ $browser })
passkey-or-recovery = Ou digite um código de recuperação
passkey-expired = Isso demorou demais, ou a solicitação já foi usada. Tente novamente.
passkey-failed = Não foi possível usar essa chave de acesso. Tente novamente ou entre de outra forma.
passkey-model = Este tipo de chave de segurança ou chave de acesso não é permitido aqui. Use uma aprovada pela sua organização.
passkey-too-many = Sua conta já tem o número máximo de chaves de acesso. Remova uma primeiro.
browser-on-os = { $browser } no { $os }
browser-unknown = Navegador desconhecido

## Alterações feitas pelo diretório corporativo (em um e-mail).
directory-new-phone = um novo número de telefone terminado em { $ending }
directory-new-phone-next = Ele não será usado para códigos de login até que você o confirme na página da sua conta ou que um administrador o confirme.
directory-phone-added = um número de telefone terminado em { $ending } foi adicionado
directory-phone-added-next = Códigos de login por mensagem de texto podem ser enviados para ele.
directory-new-email = ele indica um novo endereço de e-mail, { $email }
directory-new-email-held = Os códigos de login continuam indo para este endereço, por isso o novo não foi aplicado. Se foi você quem fez a alteração, fale com o seu administrador.
directory-email-changed = o endereço de e-mail da conta agora é { $email }
directory-email-changed-next = A partir de agora, as mensagens sobre sua conta vão para o novo endereço.

## Login com outro provedor (Google, Microsoft, …).
upstream-failed-title = Falha no login
upstream-failed = O login com { $upstream } falhou.
upstream-failed-hint = Volte para a página de login e tente novamente. Se continuar acontecendo, informe ao seu administrador a referência abaixo.
upstream-cancelled-title = Login cancelado
upstream-cancelled = O login com { $upstream } foi cancelado ou recusado.
upstream-cancelled-hint = Volte para a página de login e tente novamente.
upstream-no-account = Nenhuma conta corresponde ao endereço de e-mail da sua conta { $upstream }. Entre em contato com o seu administrador.
upstream-sso-off = O login único (SSO) não está ativado para a sua conta. Entre em contato com o seu administrador.
upstream-refused-title = Login recusado
signed-out-title = Desconectado
terms-declined = Você recusou os Termos de Serviço e foi desconectado.
error-unknown-decision = Decisão desconhecida.
signed-out = Você foi desconectado.
error-not-a-form = A solicitação deve ser um formulário.
error-id-token-hint = O id_token_hint não é válido.
error-unknown-client = O aplicativo não está registrado.
error-client-hint-mismatch = O client_id não corresponde ao id_token_hint.
error-logout-uri = O post_logout_redirect_uri não está registrado para este aplicativo.
error-redirect-uri = O URI de redirecionamento é inválido.
login-credentials-expired = As credenciais expiraram. Enviamos um link para escolher uma nova senha para o seu endereço de e-mail.
home-signed-out = Você não está conectado.
home-signed-in-title = Conectado
home-signed-in = Você está conectado como { $email }.
ago-now = agora mesmo
ago-never = nunca
ago-minutes = { $count ->
    [one] há { $count } minuto
   *[other] há { $count } minutos
}
ago-hours = { $count ->
    [one] há { $count } hora
   *[other] há { $count } horas
}
ago-days = { $count ->
    [one] há { $count } dia
   *[other] há { $count } dias
}
account-password-directory = Sua senha é gerenciada pelo diretório da sua organização. Altere-a lá.
account-password-sso = Você entra com { $upstream }. Não há senha para alterar aqui.
account-done-profile = Seu perfil foi salvo.
account-done-password = Sua senha foi alterada. Suas outras sessões foram encerradas.
account-done-session = A sessão foi encerrada.
account-done-app = O acesso foi revogado.
account-done-mfa = A verificação em duas etapas foi atualizada.
account-done-passkey-added = Sua chave de acesso foi adicionada. Você já pode entrar com ela.
account-done-passkey-removed = A chave de acesso foi removida.
account-done-link = O método de login foi desvinculado.
account-done-phone = Os códigos de login por mensagem de texto agora vão para o novo número.
account-name-invalid = Use no máximo 200 caracteres para o nome, sem quebras de linha.
account-phone-format = Digite o número de telefone no formato internacional, como +14155550123.
account-phone-password = Digite sua senha atual para alterar o número de telefone.
account-wrong-password = A senha atual não está correta.
account-reauth-sso = Para sua segurança, saia e entre novamente e, em seguida, faça esta alteração em até 5 minutos.
account-reauth-password = Digite sua senha atual para alterar a verificação em duas etapas.
account-keep-factor = Sua conta precisa manter um segundo fator.
account-keep-passkey = Sua conta precisa manter uma chave de acesso.
account-directory-link = Diretório corporativo
account-directory-unlink = Contas do diretório não podem ser desvinculadas.
error-no-session = Sessão não encontrada.
passkey-js-registered = Esta chave de acesso já está registrada na sua conta.
passkey-js-cancelled = A solicitação da chave de acesso foi cancelada ou expirou. Tente novamente quando quiser.
passkey-js-failed = Seu navegador não conseguiu usar uma chave de acesso aqui. Tente novamente ou use outra forma.
# O medidor de força: cinco palavras, da pior para a melhor, separadas por |.
strength-words = Muito fraca|Fraca|Razoável|Forte|Muito forte
# {"{}"} representa uma das palavras acima.
strength-label = Força: {"{}"}
strength-short = {" "}(curta demais)

## Os links do próprio aplicativo, nas páginas de entrada e de consentimento.
client-logo = Logotipo de { $app }
client-website = Sobre { $app }
client-policy = Política de privacidade de { $app }
client-tos = Termos de { $app }

## Páginas recusadas fora de uma entrada.
error-authorize = O aplicativo enviou uma solicitação de entrada que não pode ser usada.
error-detail = Para quem desenvolve o aplicativo:
admin-forbidden-title = Somente administradores
admin-forbidden = Somente administradores podem usar o console de administração.
admin-forbidden-hint = Entre com uma conta de administrador ou peça acesso a um administrador.
