# Sankofa — messages en français.

## Mise en page
skip-to-content = Aller au contenu principal
nav-label = Principal
nav-my-area = Mon espace
nav-account = Compte
nav-logout = Se déconnecter
nav-login = Se connecter
nav-signup = S’inscrire
footer-language = Langue :
footer-privacy = Politique de confidentialité
footer-tagline = Sankofa met en relation les professionnels de santé de la diaspora et les établissements de santé de leur pays d’origine.

## Page d'accueil
landing-title = Professionnels de santé de la diaspora et établissements, mis en relation
landing-heading = Mettez vos compétences au service de votre pays, sur place ou à distance
landing-lead = Sankofa est un registre des médecins, infirmiers, sages-femmes et autres personnels de santé de la diaspora, et un moyen pour les établissements de santé de leur pays d’origine de solliciter leur aide dans le cadre de programmes tels que la Migration pour le développement en Afrique de l’OIM.
landing-professionals-title = Pour les professionnels de santé à l’étranger
landing-professionals-body = Enregistrez votre profession, vos compétences, vos autorisations d’exercer et vos disponibilités. Effectuez de courtes missions sur place, ou donnez des séances, des cours et des avis à distance depuis votre pays de résidence.
landing-professionals-action = M’inscrire comme professionnel
landing-facilities-title = Pour les hôpitaux, cliniques et écoles
landing-facilities-body = Décrivez vos besoins : les compétences, les dates, sur place ou à distance, et le soutien que vous offrez. Une fois votre établissement vérifié par un coordinateur de programme, vos demandes sont rapprochées des professionnels inscrits.
landing-facilities-action = Inscrire un établissement
landing-coordinators-title = Pour les coordinateurs de programme
landing-coordinators-body = Vérifiez les établissements et les autorisations d’exercer, examinez chaque proposition avec ses motifs, approuvez, et suivez chaque mission jusqu’à son rapport. Les coordinateurs sont invités par un administrateur.
landing-how-title = Comment ça marche
landing-how-1 = Les professionnels enregistrent leurs compétences et disponibilités ; les établissements publient leurs besoins.
landing-how-2 = L’algorithme propose des binômes et explique chacun d’eux.
landing-how-3 = Un coordinateur approuve ; le professionnel et l’établissement acceptent tous deux.
landing-how-4 = La mission a lieu, ses résultats sont rapportés et comptabilisés.
landing-have-account = Déjà inscrit ?

## Politique de confidentialité
privacy-title = Politique de confidentialité
privacy-intro = Sankofa détient des informations personnelles et professionnelles sur des personnels de santé et sur le personnel d’établissements de santé. Cette politique indique ce que nous conservons, pourquoi, et ce que vous pouvez faire.
privacy-what-title = Ce que nous conservons
privacy-what-body = Votre nom, votre adresse e-mail, votre langue préférée et votre mot de passe (conservé uniquement sous forme d’empreinte irréversible). Plus tard, pour les professionnels : profession, compétences, langues, autorisations d’exercer, disponibilités et consentements ; pour les établissements : nom, type et localisation. Nous conservons aussi une trace des événements de sécurité, comme les connexions, avec l’adresse réseau d’origine.
privacy-why-title = Pourquoi
privacy-why-body = Pour rapprocher les professionnels des missions qui leur conviennent, permettre aux coordinateurs de programme de vérifier établissements et autorisations d’exercer, vous envoyer les e-mails nécessaires à votre compte, et compter, sans nommer personne, la contribution de la diaspora en santé.
privacy-who-title = Qui y a accès
privacy-who-body = Votre profil est privé par défaut. Les coordinateurs des programmes couvrant votre pays voient ce dont ils ont besoin pour vérifier et approuver. Un établissement ne voit vos coordonnées et vos autorisations d’exercer qu’après qu’un coordinateur a approuvé une mise en relation avec lui et que vous avez accepté de les partager. Les statistiques publiques n’affichent jamais un effectif inférieur à 5.
privacy-rights-title = Vos droits
privacy-rights-body = Vous pouvez consulter et corriger vos informations, les télécharger toutes, retirer un consentement à tout moment et supprimer votre compte. À la suppression d’un compte, ses données personnelles sont effacées ; les missions accomplies restent dans les statistiques sous un identifiant anonyme.
privacy-security-title = Sécurité
privacy-security-body = Les connexions sont chiffrées, les sessions expirent au bout de 12 heures, et vous pouvez vous déconnecter de tous vos appareils à la fois depuis la page de votre compte.

## Erreurs
error-prefix = Erreur :
error-summary-title = Il y a un problème
error-home-link = Aller à la page d’accueil
error-request-id = Référence de la requête :
error-status = Statut { $status }
error-retry-after = Veuillez réessayer dans { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
}.
error-400-title = Cette requête n’a pas pu être comprise
error-400-body = Veuillez revenir en arrière, vérifier votre saisie et réessayer.
error-403-title = Vous ne pouvez pas ouvrir cette page
error-403-body = Votre compte ne donne pas accès à cette page. Si vous pensez que c’est une erreur, contactez votre coordinateur de programme.
error-404-title = Page introuvable
error-404-body = La page demandée n’existe pas, ou vous n’avez pas le droit de la voir. Vérifiez l’adresse ou repartez de la page d’accueil.
error-405-title = Cette action n’est pas disponible ici
error-405-body = Veuillez revenir en arrière et utiliser les boutons de la page.
error-413-title = Trop de données envoyées
error-413-body = Votre envoi dépasse ce que ce formulaire accepte. Veuillez le raccourcir et réessayer.
error-429-title = Trop de tentatives
error-429-body = Pour votre sécurité, nous avons suspendu pour un court moment les nouvelles tentatives depuis cette connexion.
error-500-title = Désolé, une erreur s’est produite
error-500-body = Le problème a été enregistré. Veuillez réessayer dans un instant. S’il persiste, communiquez la référence ci-dessous à votre administrateur.
error-503-title = Sankofa est momentanément indisponible
error-503-body = Notre base de données est injoignable pour le moment. Rien de ce que vous avez saisi auparavant n’a été perdu. Veuillez réessayer dans quelques secondes.
error-csrf-title = Ce formulaire a expiré
error-csrf-body = Pour votre sécurité, les formulaires ne fonctionnent que pendant un temps limité et uniquement depuis ce site. Veuillez revenir en arrière, recharger la page et l’envoyer à nouveau.
error-link-title = Ce lien a expiré ou a déjà été utilisé
error-link-body = Les liens envoyés par e-mail ne fonctionnent que pendant un temps limité, et certains une seule fois. Vous pouvez en demander un nouveau : connectez-vous pour renvoyer l’e-mail de vérification, ou utilisez « Mot de passe oublié ? » sur la page de connexion.
error-wrong-account-title = Ce lien est destiné à un autre compte
error-wrong-account-body = Vous êtes connecté à un autre compte que celui auquel ce lien a été envoyé. Déconnectez-vous, puis ouvrez à nouveau le lien et connectez-vous avec le compte concerné.
error-conflict-title = Impossible pour le moment
error-conflict-body = Quelque chose a changé entre-temps. Veuillez recharger la page et réessayer.

## Messages des champs
err-required = Renseignez cette information
err-too-long = Utilisez { $max } caractères au maximum
err-email-malformed = Saisissez une adresse e-mail de la forme nom@exemple.org
err-password-short = Utilisez au moins { $min } caractères
err-password-common = Ce mot de passe est trop courant et facile à deviner ; choisissez-en un autre
err-password-mismatch = Les deux mots de passe ne correspondent pas
err-control-chars = Retirez les sauts de ligne et les caractères spéciaux
err-choose-option = Choisissez l’une des options
err-privacy-required = Vous devez accepter la politique de confidentialité pour vous inscrire
err-country-unknown = Choisissez un pays dans la liste
err-current-password-wrong = Votre mot de passe actuel n’est pas correct

## Champs de formulaire
field-email = Adresse e-mail
field-email-hint = Nous enverrons un lien à cette adresse pour vérifier qu’elle est bien la vôtre.
field-password = Mot de passe
field-new-password = Nouveau mot de passe
field-password-hint = Au moins 12 caractères. Quelques mots sans rapport entre eux font un mot de passe solide et facile à retenir.
field-password-confirm = Confirmez votre mot de passe
field-new-password-confirm = Confirmez le nouveau mot de passe
field-current-password = Mot de passe actuel
field-full-name = Nom complet
field-locale = Langue des pages et des e-mails
field-choose = Choisir…
field-facility-name = Nom de l’établissement
field-facility-kind = Type d’établissement
field-country = Pays
field-region = Région ou province
field-city = Ville ou localité
field-privacy = J’ai lu et j’accepte la
field-privacy-link = politique de confidentialité

## Messages
notice-password-reset = Votre mot de passe a été modifié. Connectez-vous avec votre nouveau mot de passe.
notice-password-changed = Votre mot de passe a été modifié. Vous avez été déconnecté de tous vos autres appareils.
notice-logged-out = Vous êtes déconnecté.
notice-logged-out-everywhere = Vous avez été déconnecté de tous vos appareils.
notice-verification-sent = Nous vous avons envoyé un nouvel e-mail de vérification.
notice-email-verified = Votre adresse e-mail est vérifiée.
notice-verify-login = Connectez-vous pour confirmer votre adresse e-mail.

## Connexion
login-title = Se connecter
login-failed-title = Échec de la connexion
login-failed-body = L’adresse e-mail ou le mot de passe est incorrect.
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
login-no-account = Pas encore de compte ?

## Inscription
signup-choice-title = S’inscrire
signup-choice-professional = Vous êtes médecin, infirmier, sage-femme ou autre professionnel de santé vivant à l’étranger et souhaitez contribuer aux soins dans votre pays d’origine.
signup-choice-facility = Vous travaillez pour un hôpital, une clinique, un établissement d’enseignement ou un service du ministère de la santé qui a besoin de compétences que la diaspora peut apporter.
signup-choice-coordinator = Les coordinateurs de programme ne s’inscrivent pas ici : un administrateur les invite.
signup-professional-title = S’inscrire comme professionnel de santé
signup-professional-lead = Créez votre compte. Après avoir confirmé votre adresse e-mail, vous pourrez compléter votre profil.
signup-facility-title = Inscrire un établissement de santé
signup-facility-lead = Créez votre compte et présentez votre établissement. Un coordinateur de programme le vérifiera avant que vous puissiez publier des missions.
signup-you = Vous
signup-facility-legend = Votre établissement
signup-facility-pending = L’établissement restera en attente de vérification jusqu’à ce qu’un coordinateur d’un programme couvrant son pays le contrôle. Nous vous écrirons.
signup-submit = Créer mon compte
signup-have-account = Vous avez déjà un compte ?
signup-sent-title = Consultez vos e-mails
signup-sent-body = Si l’adresse indiquée peut être utilisée, nous y avons envoyé un message contenant un lien de confirmation. Le lien est valable 48 heures.
signup-sent-spam = Si rien n’arrive d’ici quelques minutes, regardez dans votre dossier de courrier indésirable.

facility-kind-hospital = Hôpital
facility-kind-health_centre = Centre de santé
facility-kind-clinic = Clinique
facility-kind-teaching_institution = Établissement d’enseignement
facility-kind-ministry_unit = Service du ministère de la santé
facility-kind-other = Autre

facility-status-pending = En attente de vérification
facility-status-verified = Vérifié
facility-status-rejected = Non vérifié

## Vérification de l'adresse e-mail
verify-title = Confirmez votre adresse e-mail
verify-body = Appuyez sur le bouton pour confirmer que cette adresse e-mail est bien la vôtre.
verify-submit = Confirmer mon adresse e-mail
verify-done-title = Votre adresse e-mail est confirmée
verify-done-body = Merci. Sankofa peut désormais vous écrire à cette adresse.

## Mot de passe oublié
forgot-title = Mot de passe oublié ?
forgot-lead = Saisissez l’adresse e-mail de votre compte. Si un compte y est associé, nous y enverrons un lien pour choisir un nouveau mot de passe.
forgot-submit = M’envoyer un lien
forgot-sent-title = Consultez vos e-mails
forgot-sent-body = Si un compte est associé à cette adresse, nous y avons envoyé un lien pour choisir un nouveau mot de passe. Le lien est valable une heure, une seule fois.
reset-title = Choisissez un nouveau mot de passe
reset-submit = Enregistrer mon nouveau mot de passe

## Compte
account-title = Votre compte
account-email-verified = Vérifiée
account-email-unverified = Pas encore vérifiée
account-role = Rôle
account-password-title = Changer votre mot de passe
account-password-sessions = Changer votre mot de passe vous déconnecte de tous vos autres appareils.
account-password-submit = Changer mon mot de passe
account-sessions-title = Appareils
account-sessions-body = Si vous avez utilisé Sankofa sur un appareil partagé ou perdu, déconnectez-vous partout. Vous devrez aussi vous reconnecter ici.
account-sessions-submit = Me déconnecter de tous les appareils

role-professional = Professionnel de santé
role-facility = Personnel d’établissement
role-coordinator = Coordinateur de programme
role-admin = Administrateur

## Espaces
area-welcome = Bienvenue, { $name }.
area-verify-banner = Veuillez confirmer votre adresse e-mail : nous avons envoyé un lien à { $email }.
area-verify-resend = Renvoyer le lien
area-professional-title = Espace professionnel
area-professional-body = Votre compte est prêt. Depuis la page de votre compte, vous pouvez changer votre mot de passe et vous déconnecter des autres appareils.
area-facility-title = Espace établissement
area-facility-yours = Votre établissement
area-facility-pending = Un coordinateur de programme vérifiera cet établissement. Nous vous écrirons lorsque ce sera fait.
area-coordinator-title = Espace coordinateur
area-coordinator-body = Votre compte est prêt. Depuis la page de votre compte, vous pouvez changer votre mot de passe et vous déconnecter des autres appareils.
area-admin-title = Administration
admin-outbox-title = File d’envoi des e-mails
admin-outbox-pending = En attente d’envoi
admin-outbox-parked = Refusés par le serveur de messagerie
admin-audit-title = Dernières entrées du journal d’audit
admin-audit-when = Quand
admin-audit-action = Action
admin-audit-object = Enregistrement
admin-audit-actor = Par
admin-audit-from = Depuis

## E-mails
email-greeting = Bonjour { $name },
email-signature = L’équipe Sankofa
email-not-you = Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer ce message.
email-verify-subject = Confirmez votre adresse e-mail pour Sankofa
email-verify-body = Merci de votre inscription à Sankofa. Veuillez confirmer que cette adresse e-mail est bien la vôtre.
email-verify-action = Confirmer mon adresse e-mail
email-verify-expiry = Ce lien est valable 48 heures. Il vous sera d’abord demandé de vous connecter.
email-account-exists-subject = Quelqu’un a tenté de s’inscrire avec votre adresse e-mail
email-account-exists-body = Quelqu’un, peut-être vous, a tenté de créer un compte Sankofa avec cette adresse e-mail. Vous avez déjà un compte : rien n’a été modifié.
email-account-exists-action = Se connecter
email-account-exists-reset = Si vous avez oublié votre mot de passe, utilisez « Mot de passe oublié ? » sur la page de connexion.
email-reset-subject = Choisissez un nouveau mot de passe Sankofa
email-reset-body = Nous avons reçu une demande pour choisir un nouveau mot de passe pour votre compte Sankofa.
email-reset-action = Choisir un nouveau mot de passe
email-reset-expiry = Ce lien est valable une seule fois, pendant une heure.
email-password-changed-subject = Votre mot de passe Sankofa a été modifié
email-password-changed-body = Le mot de passe de votre compte Sankofa vient d’être modifié.
email-password-changed-sessions = Pour votre sécurité, tous les appareils connectés ont été déconnectés.
email-password-changed-action = Ce n’était pas moi : réinitialiser mon mot de passe

## Mots du journal d'audit
error-summary-item = { $field } : { $message }
audit-action-user_signed_up = Inscription
audit-action-facility_registered = Établissement inscrit
audit-action-signup_existing_email = Inscription avec une adresse existante
audit-action-email_verified = Adresse e-mail vérifiée
audit-action-verification_resent = E-mail de vérification renvoyé
audit-action-login = Connexion
audit-action-login_failed = Échec de connexion
audit-action-logout_everywhere = Déconnexion de tous les appareils
audit-action-password_reset_requested = Réinitialisation du mot de passe demandée
audit-action-password_reset = Mot de passe réinitialisé
audit-action-password_changed = Mot de passe modifié
audit-action-admin_created = Administrateur créé
audit-action-demo_account_created = Compte de démonstration créé
audit-action-access_refused = Accès refusé
audit-action-locale_changed = Langue modifiée
audit-object-user = Compte
audit-object-facility = Établissement
audit-object-path = Page

## Profil professionnel
profile-title = Votre profil
profile-work-title = Profession et expérience
profile-place-title = Votre origine et votre lieu de vie
profile-languages-title = Langues
profile-not-given = Pas encore renseigné
profile-edit-work = Modifier la profession et l’expérience
profile-edit-place = Modifier l’origine et le lieu de vie
profile-edit-languages = Modifier les langues
profile-back = Retour à votre profil
profile-save = Enregistrer
profile-add = Ajouter
profile-remove = Retirer
profile-add-language = Ajouter une langue
profile-no-languages = Vous n’avez encore indiqué aucune langue.
profile-link = Compléter votre profil
notice-profile-saved = Votre profil a été enregistré.
notice-language-saved = La langue a été enregistrée.
notice-language-removed = La langue a été retirée.
readiness-title = Avant de pouvoir être mis en relation
readiness-lead = Il manque encore, avant que l’outil de mise en relation d’un coordinateur puisse vous proposer :
readiness-ready = Votre profil est prêt : vous pouvez être proposé pour des missions.
readiness-soon = (bientôt disponible)
readiness-verified_email = Confirmer votre adresse électronique
readiness-profession = Choisir votre profession
readiness-language = Indiquer au moins une langue
readiness-future_availability = Ajouter une période de disponibilité à venir
readiness-matching_consent = Accepter d’être mis en relation
readiness-verified_licence = Faire vérifier une autorisation d’exercer, puisque vous souhaitez des missions cliniques
field-profession = Profession
field-specialties = Spécialités
field-specialties-hint = Choisissez-en 10 au plus.
field-years-experience = Années d’expérience
field-skills = Compétences
field-skills-hint = Séparez les compétences par des virgules, par exemple : réanimation néonatale, échographie.
field-wants-clinical = Je souhaite des missions comportant une pratique clinique (une autorisation d’exercer vérifiée est alors nécessaire)
field-bio = Courte biographie
field-bio-hint = Jusqu’à 2 000 caractères.
field-origin-country = Pays d’origine
field-residence = Résidence
field-residence-country = Pays de résidence
field-residence-city = Ville de résidence
field-residence-status = Statut de séjour
field-time-zone = Fuseau horaire
field-time-zone-list = Fuseaux horaires de votre pays de résidence
field-time-zone-other = Ou un autre fuseau horaire
field-time-zone-typed = Fuseau horaire
field-time-zone-hint = Un nom IANA tel que Europe/Paris ou America/Montreal.
field-language = Langue
field-language-level = Niveau
field-language-level-hint = Notions, puis conversation, professionnel (vous pouvez y travailler) et langue maternelle.
residence-status-citizen = Citoyen ou citoyenne
residence-status-permanent_resident = Résident permanent
residence-status-work_permit = Permis de travail
residence-status-other = Autre
language-level-basic = Notions
language-level-conversational = Conversation
language-level-professional = Professionnel
language-level-native = Langue maternelle
err-choice-unknown = Choisissez l’une des options de la liste
err-number-range = Saisissez un nombre entier de { $min } à { $max }
err-too-many = Choisissez ou saisissez { $max } au plus
err-skill-too-long = Limitez chaque compétence à { $max } caractères
err-time-zone-unknown = Saisissez un fuseau horaire de la liste IANA, par exemple Africa/Abidjan
yes = Oui
no = Non
profession-1342 = Cadre de direction des services de santé
profession-2211 = Médecin généraliste
profession-2212 = Médecin spécialiste
profession-2221 = Infirmier ou infirmière (cadre)
profession-2222 = Sage-femme (cadre)
profession-2240 = Praticien paramédical
profession-2261 = Dentiste
profession-2262 = Pharmacien ou pharmacienne
profession-2263 = Spécialiste de la santé environnementale et de la santé au travail
profession-2264 = Kinésithérapeute
profession-2265 = Diététicien ou nutritionniste
profession-2266 = Audiologiste ou orthophoniste
profession-2267 = Optométriste
profession-2269 = Professionnel de la santé non classé ailleurs
profession-2310 = Enseignant universitaire en sciences de la santé
profession-2634 = Psychologue
profession-3211 = Technicien en imagerie médicale ou en équipements thérapeutiques
profession-3212 = Technicien de laboratoire médical ou d’anatomopathologie
profession-3213 = Préparateur en pharmacie
profession-3221 = Personnel infirmier (niveau intermédiaire)
profession-3222 = Sage-femme (niveau intermédiaire)
profession-3256 = Assistant médical
profession-3258 = Ambulancier ou ambulancière
consents-title = Vos consentements
consents-lead = Chaque consentement est distinct et vous pouvez le retirer à tout moment d’un seul bouton. Chaque changement est daté et conservé ci-dessous.
consents-history = Historique de vos consentements
consents-history-empty = Vous n’avez encore donné aucun consentement.
consents-kind = Consentement
consents-version = Version du texte
consents-given-at = Donné le
consents-withdrawn-at = Retiré le
consent-matching-title = Être mis en relation
consent-matching-text = Les coordinateurs des programmes peuvent examiner mon profil lorsqu’ils proposent des professionnels pour des missions. Sans ce consentement, je ne suis jamais proposé.
consent-share_profile-title = Partager mon profil avec un établissement
consent-share_profile-text = Une fois qu’un coordinateur a approuvé une mise en relation entre un établissement et moi, cet établissement peut voir mes coordonnées, mon profil et mes autorisations d’exercer.
consent-statistics-title = Être compté dans les statistiques publiques
consent-statistics-text = Je peux être compté dans les statistiques publiques sur les professionnels de santé de la diaspora. Elles n’affichent jamais un effectif inférieur à 5 ni une personne seule.
consent-given = Donné
consent-not-given = Non donné
consent-given-since = depuis le { $when }
consent-give = Donner ce consentement
consent-withdraw = Retirer ce consentement
notice-consent-give = Votre consentement a été enregistré.
notice-consent-withdraw = Votre consentement a été retiré.
profile-consents-title = Consentements
profile-edit-consents = Voir et modifier vos consentements
